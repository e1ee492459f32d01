import { resolve } from 'node:path';
import type { Browser, ConsoleMessage, Page } from 'playwright-core';
import type { ServerConfig } from '../../demo-server/config';
import { startDemoServer, type RunningServer } from './demo-server';

/**
 * The built site (dist/) served by a real demo server on a free port, as `npm start` does;
 * `overrides` set what the environment would (an `instructorKey` the test knows, say).
 */
export async function startCourse(overrides: Partial<ServerConfig> = {}): Promise<RunningServer> {
  return startDemoServer({ staticDir: resolve(import.meta.dirname, '../../dist'), ...overrides });
}

/** A page plus what went wrong in it: console errors and uncaught exceptions. */
export interface WatchedPage {
  page: Page;
  consoleErrors: string[];
  pageErrors: string[];
}

/** Opens a new page that records console errors and uncaught exceptions. */
export async function openWatchedPage(
  browser: Browser,
  url: string,
  options: { colorScheme?: 'light' | 'dark'; width?: number } = {},
): Promise<WatchedPage> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: 900 },
    colorScheme: options.colorScheme ?? 'light',
  });
  const page = await context.newPage();
  const watched: WatchedPage = { page, consoleErrors: [], pageErrors: [] };
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() === 'error') watched.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => watched.pageErrors.push(error.message));
  // The browser may already be gone when a page closes (afterAll closes it): closing its context
  // then rejects, and an unhandled rejection fails the whole run, so it is swallowed here.
  page.on('close', () => {
    context.close().catch(() => {});
  });
  await page.goto(url);
  return watched;
}

/** Scrolls a widget into view (so `client:visible` hydrates it) and waits for a data-state. */
export async function waitForWidgetState(
  page: Page,
  widget: string,
  state: string,
  timeoutMs = 10_000,
): Promise<void> {
  const root = page.locator(`[data-widget="${widget}"]`);
  await root.scrollIntoViewIfNeeded();
  await page.waitForFunction(
    ([name, expected]) =>
      document.querySelector(`[data-widget="${name}"]`)?.getAttribute('data-state') === expected,
    [widget, state] as const,
    { timeout: timeoutMs },
  );
}
