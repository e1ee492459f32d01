import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

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

/**
 * Runs axe-core (WCAG 2.x A and AA rules) in the page, or only `within` a selector, and keeps
 * serious and critical findings.
 */
export async function seriousViolations(page: Page, within?: string): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async (selector) => {
    const axe = (
      window as unknown as {
        axe: { run: (c: unknown, o: unknown) => Promise<{ violations: AxeViolation[] }> };
      }
    ).axe;
    const result = await axe.run(selector ?? document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return result.violations;
  }, within);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) =>
      v.nodes
        .map((n) => n.target.join(' '))
        .filter((target) => !ACCEPTED.some((a) => a.rule === v.id && a.target === target))
        .map((target) => `${v.id} (${v.impact}): ${v.help} at ${target}`),
    );
}
