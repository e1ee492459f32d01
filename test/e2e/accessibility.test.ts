import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium } from '../support/browser';
import { openWatchedPage, startCourse } from '../support/course';
import type { RunningServer } from '../support/demo-server';
import { COURSE_PAGES } from '../support/pages';

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * Findings in Starlight's own markup that we accept, each with its reason. Starlight's search
 * button is named "Buscar" while it also shows the shortcut hint "Ctrl K" (axe's experimental
 * label-content-name-mismatch rule); the button is upstream's and works with a screen reader.
 */
const ACCEPTED = [{ rule: 'label-content-name-mismatch', target: 'button[data-open-modal=""]' }];

/** Runs axe-core (WCAG 2.x A and AA rules) in the page and keeps serious and critical findings. */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run: (c: unknown, o: unknown) => Promise<{ violations: AxeViolation[] }> };
      }
    ).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return result.violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) =>
      v.nodes
        .map((n) => n.target.join(' '))
        .filter((target) => !ACCEPTED.some((a) => a.rule === v.id && a.target === target))
        .map((target) => `${v.id} (${v.impact}): ${v.help} at ${target}`),
    );
}

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
    for (const colorScheme of ['light', 'dark'] as const) {
      test(`${path} in ${colorScheme} mode`, async () => {
        const { page, pageErrors } = await openWatchedPage(browser, `${course.url}${path}`, {
          colorScheme,
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
