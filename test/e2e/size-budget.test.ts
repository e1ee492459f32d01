import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium } from '../support/browser';
import { startCourse } from '../support/course';
import type { RunningServer } from '../support/demo-server';
import { COURSE_PAGES, PLAIN_STARLIGHT_PAGE } from '../support/pages';

/** Bytes of JavaScript a page has loaded so far: script responses plus inline scripts. */
interface ScriptLoad {
  bytes: number;
  urls: string[];
}

/** Opens a page at the top (no scrolling) and counts the JavaScript it loads by itself. */
async function openCountingScripts(browser: Browser, url: string) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const fetched: { url: string; bytes: number }[] = [];
  page.on('response', async (response) => {
    if (response.request().resourceType() !== 'script') return;
    // Starlight's search (Pagefind) fetches its own script when the browser is idle, on every
    // page alike and whenever that happens to be: not ours, and counting it made the yardstick
    // depend on the machine's load.
    if (new URL(response.url()).pathname.startsWith('/pagefind/')) return;
    const body = await response.body().catch(() => Buffer.alloc(0));
    fetched.push({ url: response.url(), bytes: body.length });
  });
  await page.goto(url, { waitUntil: 'networkidle' });
  const measure = async (): Promise<ScriptLoad> => {
    const inline = await page.evaluate(() =>
      [...document.querySelectorAll('script:not([src])')]
        .filter((s) => !s.getAttribute('type') || s.getAttribute('type') === 'module')
        .reduce((sum, s) => sum + new TextEncoder().encode(s.textContent ?? '').length, 0),
    );
    return {
      bytes: inline + fetched.reduce((sum, f) => sum + f.bytes, 0),
      urls: fetched.map((f) => f.url),
    };
  };
  return { page, measure };
}

/**
 * Scrolls each widget into view in turn and waits until it has hydrated: its server-rendered
 * state is `connecting`, and only the running island moves it to `connected` (or `idle`).
 */
async function scrollToWidgets(page: Page, widgets: string[]): Promise<void> {
  for (const widget of widgets) {
    await page.locator(`[data-widget="${widget}"]`).scrollIntoViewIfNeeded();
    await page.waitForFunction(
      (name) =>
        ['connected', 'idle'].includes(
          document.querySelector(`[data-widget="${name}"]`)?.getAttribute('data-state') ?? '',
        ),
      widget,
      { timeout: 10_000 },
    );
  }
}

describe('JavaScript budget: lessons stay light until a widget scrolls into view', () => {
  let course: RunningServer;
  let browser: Browser;
  let plainBytes = 0;

  beforeAll(async () => {
    course = await startCourse();
    browser = await launchChromium();
    const plain = await openCountingScripts(browser, `${course.url}${PLAIN_STARLIGHT_PAGE}`);
    plainBytes = (await plain.measure()).bytes;
    await plain.page.close();
  });

  afterAll(async () => {
    await browser?.close();
    await course?.close();
  });

  test('a plain Starlight page is the yardstick (about 15 KB)', () => {
    expect(plainBytes).toBeGreaterThan(5_000);
    expect(plainBytes).toBeLessThan(60_000);
  });

  for (const { path, widgets } of COURSE_PAGES) {
    test(`${path} loads at most 1.5x the plain page before scrolling`, async () => {
      const { page, measure } = await openCountingScripts(browser, `${course.url}${path}`);
      const before = await measure();
      expect(before.bytes, `scripts: ${before.urls.join(', ')}`).toBeLessThanOrEqual(
        plainBytes * 1.5,
      );
      if (widgets.length > 0) {
        // The islands' code arrives only once they are visible.
        await scrollToWidgets(page, widgets);
        const after = await measure();
        expect(after.bytes).toBeGreaterThan(before.bytes);
      }
      await page.close();
    });
  }
});
