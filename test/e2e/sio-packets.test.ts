import type { Browser, Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import { openWatchedPage, startCourse, waitForWidgetState } from '../support/course';
import type { RunningServer } from '../support/demo-server';

const LESSON = '/lecciones/07-socket-io/';

/** One shown packet: `direction transport type wire`. */
interface Row {
  direction: string;
  transport: string;
  type: string;
  session: string;
  wire: string;
}

/** Every packet the inspector shows, in order. */
function rowsOf(widget: Locator): Promise<Row[]> {
  return widget.locator('[data-packet-type]').evaluateAll((items) =>
    items.map((li) => ({
      direction: li.getAttribute('data-direction') ?? '',
      transport: li.getAttribute('data-transport') ?? '',
      type: li.getAttribute('data-packet-type') ?? '',
      session: li.getAttribute('data-session') ?? '',
      wire: li.querySelector('[data-packet-wire]')?.textContent ?? '',
    })),
  );
}

describe('Socket.IO packet inspector (lesson 7) against the real demo server', () => {
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

  it('shows the upgrade, an event with its ack, a timeout, and HTML in an event as text', async () => {
    const watched = await openWatchedPage(browser, `${course.url}${LESSON}`);
    const { page } = watched;
    const widget = page.locator('[data-widget="sio-packets"]');
    await waitForWidgetState(page, 'sio-packets', 'connected', 15_000);

    // The upgrade: open over polling, the probe over WebSocket, `5`, then only WebSocket.
    await widget.locator('[data-packet-type="upgrade"]').waitFor({ timeout: 15_000 });
    const rows = await rowsOf(widget);
    expect(rows[0]).toMatchObject({ direction: 'received', transport: 'polling', type: 'open' });
    expect(rows[0]!.wire).toMatch(/^0\{"sid":"[^"]+","upgrades":\["websocket"\]/);
    const at = (match: (r: Row) => boolean) => rows.findIndex(match);
    const probeOut = at((r) => r.type === 'probe' && r.direction === 'sent');
    const probeIn = at((r) => r.type === 'probe' && r.direction === 'received');
    const upgrade = at((r) => r.type === 'upgrade');
    expect(rows[probeOut]).toMatchObject({ transport: 'websocket', wire: '2probe' });
    expect(rows[probeIn]).toMatchObject({ transport: 'websocket', wire: '3probe' });
    expect(rows[upgrade]).toMatchObject({ transport: 'websocket', wire: '5', direction: 'sent' });
    expect(0 < probeOut && probeOut < probeIn && probeIn < upgrade).toBe(true);
    expect(rows.slice(1, probeOut).every((r) => r.transport === 'polling')).toBe(true);
    expect(
      await widget.locator('[data-current-transport]').getAttribute('data-current-transport'),
    ).toBe('websocket');

    // An event with an ack: `42<id>["ping",…]` out, `43<id>[…]` back.
    await widget.getByRole('button', { name: 'Enviar con ack' }).click();
    const acked = widget.locator('[data-ack-outcome="ack"]');
    await acked.waitFor();
    const id = await acked.getAttribute('data-ack-id');
    expect(id).toMatch(/^\d+$/);
    await expect
      .poll(async () => (await rowsOf(widget)).filter((r) => r.wire.startsWith(`43${id}[`)))
      .toEqual([expect.objectContaining({ type: 'ack', direction: 'received' })]);
    const sent = (await rowsOf(widget)).find((r) => r.wire.startsWith(`42${id}["ping",`));
    expect(sent).toMatchObject({ type: 'event', direction: 'sent', transport: 'websocket' });

    // An event nobody answers: the callback gets the timeout error.
    await widget.getByLabel('Evento').selectOption('sin-respuesta');
    await widget.getByLabel('Tiempo límite (ms)').fill('300');
    await widget.getByRole('button', { name: 'Enviar con ack' }).click();
    const timedOut = widget.locator('[data-ack-outcome="timeout"]');
    await timedOut.waitFor();
    expect(await timedOut.textContent()).toContain('operation has timed out');

    // HTML in an event's payload is shown as text, never as markup.
    const html = '<img src=x onerror="window.__pwned=1"><b>negrita</b>';
    await widget.getByLabel('Mensaje para el canal paquetes').fill(html);
    await widget.getByRole('button', { name: 'Publicar' }).click();
    const message = widget
      .locator('[data-packet-type="event"][data-direction="received"]')
      .filter({ hasText: 'negrita' });
    await message.waitFor();
    expect(await message.locator('[data-packet-wire]').textContent()).toContain(
      '"data":"<img src=x onerror=\\"window.__pwned=1\\"><b>negrita</b>"',
    );
    expect(await message.locator('img, b').count()).toBe(0);
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();

    expect(watched.consoleErrors).toEqual([]);
    expect(watched.pageErrors).toEqual([]);
    await page.close();
  });

  it('polling only keeps every packet on polling; a cut transport opens a new session', async () => {
    const watched = await openWatchedPage(browser, `${course.url}${LESSON}`);
    const { page } = watched;
    const widget = page.locator('[data-widget="sio-packets"]');
    await waitForWidgetState(page, 'sio-packets', 'connected', 15_000);

    const pollingOnly = widget.getByRole('button', { name: 'Solo polling' });
    await pollingOnly.click();
    expect(await pollingOnly.getAttribute('aria-pressed')).toBe('true');
    await widget.getByRole('button', { name: 'Vaciar la lista' }).click();
    await waitForWidgetState(page, 'sio-packets', 'connected', 15_000);
    await widget.getByRole('button', { name: 'Enviar con ack' }).click();
    await widget.locator('[data-ack-outcome="ack"]').waitFor();
    const polling = await rowsOf(widget);
    expect(polling.map((r) => r.type)).toEqual(expect.arrayContaining(['event', 'ack']));
    expect(polling.every((r) => r.transport === 'polling')).toBe(true);
    expect(polling.some((r) => r.type === 'probe' || r.type === 'upgrade')).toBe(false);

    const session = Number((await rowsOf(widget)).at(-1)!.session);
    await widget.getByRole('button', { name: 'Cortar el transporte' }).click();
    // socket.io-client waits 0.5-1.5 s, then opens a new Engine.IO session.
    await expect
      .poll(async () => (await rowsOf(widget)).some((r) => Number(r.session) === session + 1), {
        timeout: 15_000,
      })
      .toBe(true);
    await waitForWidgetState(page, 'sio-packets', 'connected', 15_000);
    const kinds = await widget
      .locator('.tr-log li')
      .evaluateAll((items) => items.map((li) => li.getAttribute('data-kind')));
    expect(kinds).toEqual(expect.arrayContaining(['corte', 'desconexión', 'reintento']));
    // Whatever the server's recovery setting, the widget says what socket.recovered is.
    expect(['true', 'false']).toContain(
      await widget.locator('[data-recovered]').getAttribute('data-recovered'),
    );
    expect(await widget.locator('.sio-recovery').textContent()).toMatch(/recupera/i);

    expect(watched.consoleErrors).toEqual([]);
    expect(watched.pageErrors).toEqual([]);
    await page.close();
  });
});
