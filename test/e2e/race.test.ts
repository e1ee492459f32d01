import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRANSPORT_IDS } from '../../src/protocol';
import { launchChromium } from '../support/browser';
import { openWatchedPage, startCourse, waitForWidgetState } from '../support/course';
import type { RunningServer } from '../support/demo-server';

const LESSON = '/lecciones/10-comparativa/';

interface LaneReading {
  lane: string | null;
  p50: string | null;
  received: string | null;
  sent: string | null;
}

/** Sets up a race in the widget, starts it, waits for `done` and reads every lane's attributes. */
async function race(page: Page, settings: { delayMs: number }) {
  const widget = page.locator('[data-widget="race"]');
  await waitForWidgetState(page, 'race', 'idle', 15_000);
  await widget.getByLabel(/Ritmo/).fill('10');
  await widget.getByLabel(/Duración/).fill('3');
  await widget.getByLabel('Intervalo del short polling').selectOption('500');
  await widget.getByLabel(/Distancia simulada/).selectOption(String(settings.delayMs));
  await widget.getByRole('button', { name: 'Empezar la carrera' }).click();
  // Clock sync, five connections, 3 s of events and the settle time, on a loaded machine.
  await waitForWidgetState(page, 'race', 'done', 60_000);
  const lanes: LaneReading[] = await widget.locator('[data-lane]').evaluateAll((elements) =>
    elements.map((el) => ({
      lane: el.getAttribute('data-lane'),
      p50: el.getAttribute('data-p50-ms'),
      received: el.getAttribute('data-received'),
      sent: el.getAttribute('data-sent'),
    })),
  );
  const total = Number(await widget.locator('[data-total]').getAttribute('data-total'));
  return { widget, lanes, total };
}

describe('the race widget (lesson 10) against the real demo server', () => {
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

  it('runs a 3-second race in which all five lanes receive every event', async () => {
    const { page, pageErrors } = await openWatchedPage(browser, `${course.url}${LESSON}`);
    const { widget, lanes, total } = await race(page, { delayMs: 0 });

    // 10 events per second for 3 seconds.
    expect(total).toBe(30);
    expect(lanes.map((l) => l.lane)).toEqual([...TRANSPORT_IDS]);
    for (const lane of lanes) {
      expect(lane, `lane ${lane.lane}`).toMatchObject({
        received: String(total),
        sent: String(total),
      });
      expect(Number.isFinite(Number.parseFloat(lane.p50 ?? '')), `p50 of ${lane.lane}`).toBe(true);
    }
    await expect(widget.locator('[data-lane] >> text=nada perdido').count()).resolves.toBe(5);

    const rows = widget.locator('table tbody tr');
    await expect(rows.count()).resolves.toBe(5);
    // The server's traffic report arrived: every lane has a bytes-per-message figure.
    const bytes = await rows.evaluateAll((trs) => trs.map((tr) => tr.children[6]?.textContent));
    for (const value of bytes) expect(Number.parseFloat(value ?? '')).toBeGreaterThan(0);
    await expect(widget.locator('.race-status').textContent()).resolves.toContain(
      'Carrera terminada',
    );
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('with 50 ms of simulated distance, SSE and WebSocket take at least 50 ms one way', async () => {
    const { page, pageErrors } = await openWatchedPage(browser, `${course.url}${LESSON}`);
    const { lanes, total } = await race(page, { delayMs: 50 });
    for (const lane of lanes) expect(lane.received, `lane ${lane.lane}`).toBe(String(total));
    for (const id of ['sse', 'websocket']) {
      const p50 = Number(lanes.find((l) => l.lane === id)?.p50);
      expect(p50, `p50 of ${id}`).toBeGreaterThanOrEqual(50);
    }
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
