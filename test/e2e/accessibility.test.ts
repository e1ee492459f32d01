import type { Browser, Page } from 'playwright-core';
import { seriousViolations } from '../support/axe';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium } from '../support/browser';
import { openWatchedPage, startCourse } from '../support/course';
import type { RunningServer } from '../support/demo-server';
import { COURSE_PAGES } from '../support/pages';

/** Scrolls through the page so every `client:visible` widget hydrates and renders. */
async function hydrateEverything(page: Page, widgets: string[]): Promise<void> {
  for (const widget of widgets) {
    const root = page.locator(`[data-widget="${widget}"]`);
    await root.scrollIntoViewIfNeeded();
    await page.waitForFunction(
      (name) => {
        const state = document.querySelector(`[data-widget="${name}"]`)?.getAttribute('data-state');
        return state === 'connected' || state === 'idle';
      },
      widget,
      { timeout: 10_000 },
    );
  }
}

/** A laptop in both colour schemes, and a phone: wide tables and diagrams scroll only there. */
const VIEWS = [
  ['light', 1280],
  ['dark', 1280],
  ['light', 390],
] as const;

describe('accessibility: axe-core finds no serious or critical violations', () => {
  let course: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    course = await startCourse();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await course?.close();
  });

  for (const { path, widgets } of COURSE_PAGES) {
    for (const [colorScheme, width] of VIEWS) {
      test(`${path} in ${colorScheme} mode, ${width} px wide`, async () => {
        const { page, pageErrors } = await openWatchedPage(browser, `${course.url}${path}`, {
          colorScheme,
          width,
        });
        // Expressive Code's script makes overflowing code blocks focusable (tabindex=0) after
        // load; scanning before it has run reports a violation that a student never meets.
        await page.waitForFunction(() =>
          [...document.querySelectorAll('.expressive-code pre')].every(
            (pre) => pre.scrollWidth <= pre.clientWidth || pre.getAttribute('tabindex') === '0',
          ),
        );
        await hydrateEverything(page, widgets);
        expect(await seriousViolations(page)).toEqual([]);
        expect(pageErrors).toEqual([]);
        await page.close();
      });
    }
  }
});
