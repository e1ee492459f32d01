import { createServer } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createDemoServer } from '../../demo-server/app';
import { launchChromium } from '../support/browser';
import { openWatchedPage, startCourse, waitForWidgetState } from '../support/course';
import type { RunningServer } from '../support/demo-server';
import { COURSE_PAGES, readyState } from '../support/pages';

/** A loopback port nobody listens on (yet). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('every widget says when the demo server is down, and recovers by itself', () => {
  let site: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    site = await startCourse();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  for (const { path, widgets } of COURSE_PAGES.filter((p) => p.widgets.length > 0)) {
    test(`${path}: ${widgets.join(', ')} go offline, explain it, and reconnect`, async () => {
      // The page comes from one server; its widgets are pointed (?server=) at a port where no
      // demo server runs yet, as for a student who forgot `npm start`.
      const port = await freePort();
      const { page, pageErrors } = await openWatchedPage(
        browser,
        `${site.url}${path}?server=http://127.0.0.1:${port}`,
      );
      for (const widget of widgets) {
        await waitForWidgetState(page, widget, 'offline', 15_000);
        const notice = page.locator(`[data-widget="${widget}"] .tr-notice--offline`);
        await expect(notice.textContent()).resolves.toContain('npm start');
      }

      const late = createDemoServer();
      await new Promise<void>((resolve) => late.server.listen(port, '127.0.0.1', resolve));
      try {
        for (const widget of widgets)
          await waitForWidgetState(page, widget, readyState(widget), 20_000);
      } finally {
        await page.close();
        await late.close();
      }
      expect(pageErrors).toEqual([]);
    });
  }
});
