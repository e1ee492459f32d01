import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import { openWatchedPage, startCourse, waitForWidgetState } from '../support/course';
import { publishHttp, type RunningServer } from '../support/demo-server';

describe('stream widgets (lessons 4 and 6) against the real demo server', () => {
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

  it('SSE: replays exactly once, marked as replayed, a message published while the stream was cut', async () => {
    const watched = await openWatchedPage(
      browser,
      `${course.url}/lecciones/04-server-sent-events/`,
    );
    const { page } = watched;
    const widget = page.locator('[data-widget="sse"]');
    await waitForWidgetState(page, 'sse', 'connected');
    // The hello event arrived: the stream has an id the cut button can name.
    const connectionId = widget.locator('[data-connection-id]');
    await expect
      .poll(() => connectionId.getAttribute('data-connection-id'))
      .toMatch(/^[0-9a-f-]{36}$/);
    const firstConnection = await connectionId.getAttribute('data-connection-id');

    const live = await publishHttp(course.url, 'demo', 'hola desde la prueba');
    const liveItem = widget.locator(`[data-message-id="${live.id}"]`);
    await liveItem.waitFor();
    expect(await liveItem.getAttribute('data-replayed')).toBeNull();
    expect(await liveItem.textContent()).toContain('hola desde la prueba');

    await widget.getByRole('button', { name: 'Cortar la conexión' }).click();
    // The server ended the stream; the browser waits `retry:` (2 s) before reconnecting.
    await waitForWidgetState(page, 'sse', 'connecting');
    const missed = await publishHttp(course.url, 'demo', 'publicado durante el corte');
    await waitForWidgetState(page, 'sse', 'connected');

    const missedItem = widget.locator(`[data-message-id="${missed.id}"]`);
    await missedItem.waitFor();
    expect(await missedItem.count()).toBe(1);
    expect(await missedItem.getAttribute('data-replayed')).toBe('true');
    expect(await missedItem.textContent()).toContain('reenviado');
    await expect
      .poll(() => connectionId.getAttribute('data-connection-id'))
      .not.toBe(firstConnection);
    const kinds = await widget
      .locator('.tr-log li')
      .evaluateAll((items) => items.map((li) => li.getAttribute('data-kind')));
    expect(kinds).toEqual(expect.arrayContaining(['cortado', 'reconectando', 'reenvío']));

    expect(watched.consoleErrors).toEqual([]);
    expect(watched.pageErrors).toEqual([]);
    await page.close();
  });

  it('WebSocket: publishes with ack, redraws the reconnection after a forced 1006, shows HTML as text', async () => {
    const watched = await openWatchedPage(
      browser,
      `${course.url}/lecciones/06-websocket-en-la-practica/`,
    );
    const { page } = watched;
    const widget = page.locator('[data-widget="websocket"]');
    await waitForWidgetState(page, 'websocket', 'connected');
    const channel = await widget.locator('[data-channel]').getAttribute('data-channel');
    expect(channel).toBe('websocket');

    const fromTest = await publishHttp(course.url, channel!, 'hola desde la prueba');
    await widget.locator(`[data-message-id="${fromTest.id}"]`).waitFor();

    await widget.getByLabel('Mensaje', { exact: true }).fill('hola desde el widget');
    await widget.getByRole('button', { name: 'Publicar', exact: true }).click();
    await widget.locator('[data-message-id]', { hasText: 'hola desde el widget' }).waitFor();
    // The box empties only once the server confirmed the publish (`published`).
    await expect.poll(() => widget.getByLabel('Mensaje', { exact: true }).inputValue()).toBe('');

    await widget.getByLabel('Código de cierre').selectOption('1006');
    await widget.getByRole('button', { name: 'Forzar desconexión' }).click();
    await widget.locator('[data-close-code="1006"]').waitFor();
    expect(await widget.locator('.tr-ws-close').textContent()).toContain('wasClean');
    const bar = widget.locator('[data-attempt="1"]');
    await bar.waitFor();
    expect(Number(await bar.getAttribute('data-ceiling-ms'))).toBe(500);
    expect(Number(await bar.getAttribute('data-delay-ms'))).toBeLessThanOrEqual(500);
    await waitForWidgetState(page, 'websocket', 'connected');

    const html = '<img src="x" onerror="window.__pwned = 1"><b>negrita</b>';
    const htmlMessage = await publishHttp(course.url, channel!, html);
    const htmlItem = widget.locator(`[data-message-id="${htmlMessage.id}"]`);
    await htmlItem.waitFor();
    expect(await htmlItem.locator('.tr-messages__text').textContent()).toBe(html);
    expect(await htmlItem.locator('img, b').count()).toBe(0);
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();

    // Last: the burst spends this connection's publish allowance (50/s, bursts of 100).
    await widget.getByRole('button', { name: 'Enviar 200 mensajes de golpe' }).click();
    await widget.locator('[data-burst="done"]').waitFor({ timeout: 15_000 });
    const acked = Number(await widget.locator('[data-acked]').getAttribute('data-acked'));
    const rejected = Number(await widget.locator('[data-rejected]').getAttribute('data-rejected'));
    expect(acked + rejected).toBe(200);
    expect(acked).toBeGreaterThan(0);

    // The forced 1006 logs nothing: Chromium reports failed handshakes in the console, not a
    // socket whose TCP connection was cut after it opened. So no console error is expected here.
    expect(watched.consoleErrors).toEqual([]);
    expect(watched.pageErrors).toEqual([]);
    await page.close();
  });
});
