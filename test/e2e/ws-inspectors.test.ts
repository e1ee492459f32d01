import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import { openWatchedPage, startCourse, waitForWidgetState } from '../support/course';
import type { RunningServer } from '../support/demo-server';

const LESSON = '/lecciones/05-protocolo-websocket/';

describe('WebSocket inspectors (lesson 5) against the real demo server', () => {
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

  it('handshake: shows the real upgrade request and recomputes a matching Sec-WebSocket-Accept', async () => {
    const watched = await openWatchedPage(browser, `${course.url}${LESSON}`);
    const { page } = watched;
    // http://127.0.0.1 is a secure context: Web Crypto is there to recompute the value.
    expect(await page.evaluate(() => window.isSecureContext && !!crypto.subtle)).toBe(true);
    const widget = page.locator('[data-widget="ws-handshake"]');
    await waitForWidgetState(page, 'ws-handshake', 'connected');

    const verdict = widget.locator('[data-accept-match]');
    await verdict.waitFor();
    expect(await verdict.getAttribute('data-accept-match')).toBe('true');
    const server = await widget.locator('[data-accept-server]').getAttribute('data-accept-server');
    const computed = await widget
      .locator('[data-accept-computed]')
      .getAttribute('data-accept-computed');
    expect(server).toMatch(/^[A-Za-z0-9+/]{27}=$/);
    expect(computed).toBe(server);
    expect(await verdict.textContent()).toContain('coincide ✓');
    const request = widget.locator('[data-side="request"]');
    expect(await request.textContent()).toContain('GET /ws?inspect=handshake HTTP/1.1');
    expect(await request.locator('[data-header="origin"]').textContent()).toContain(course.url);

    // Another handshake: a new random key, and the value still matches.
    const firstKey = await request.locator('[data-header="sec-websocket-key"]').textContent();
    await widget.getByRole('button', { name: 'Repetir el handshake' }).click();
    await expect
      .poll(() => request.locator('[data-header="sec-websocket-key"]').textContent())
      .not.toBe(firstKey);
    await expect
      .poll(async () => {
        const match = await verdict.getAttribute('data-accept-match');
        const now = await widget.locator('[data-accept-server]').getAttribute('data-accept-server');
        return match === 'true' && now !== server;
      })
      .toBe(true);
    await waitForWidgetState(page, 'ws-handshake', 'connected');

    expect(watched.consoleErrors).toEqual([]);
    expect(watched.pageErrors).toEqual([]);
    await page.close();
  });

  it('frames: a 200-byte text arrives masked, with a 7+16 length, and decodes to what was sent', async () => {
    const watched = await openWatchedPage(browser, `${course.url}${LESSON}`);
    const { page } = watched;
    const widget = page.locator('[data-widget="ws-frames"]');
    await waitForWidgetState(page, 'ws-frames', 'connected');

    await widget.getByRole('button', { name: 'Enviar un texto de 200 bytes' }).click();
    const sent = await widget.getByLabel('Texto de la trama').inputValue();
    expect(new TextEncoder().encode(sent).length).toBe(200);

    const entry = widget.locator('[data-mine="true"]').first();
    await entry.waitFor();
    expect(await entry.getAttribute('data-opcode')).toBe('1');
    expect(await entry.getAttribute('data-payload-length')).toBe('200');
    expect(await entry.getAttribute('data-length-encoding')).toBe('7+16');
    expect(await entry.getAttribute('data-masked')).toBe('true');
    expect(await entry.locator('[data-frame-text]').textContent()).toBe(sent);
    expect(await entry.textContent()).toContain('00 c8');
    // Not valid JSON for /ws: the server answers with an error frame, shown under the frame.
    await expect.poll(() => entry.locator('.wsf-answer').textContent()).toContain('invalid JSON');

    // A short text of one's own: 7-bit length.
    await widget.getByLabel('Texto de la trama').fill('Hola');
    await widget.getByRole('button', { name: 'Enviar', exact: true }).click();
    await expect.poll(() => widget.locator('[data-mine="true"]').count()).toBe(2);
    const hola = widget.locator('[data-mine="true"]').first();
    expect(await hola.getAttribute('data-length-encoding')).toBe('7');
    expect(await hola.getAttribute('data-payload-length')).toBe('4');
    expect(await hola.locator('[data-frame-text]').textContent()).toBe('Hola');
    await waitForWidgetState(page, 'ws-frames', 'connected');

    expect(watched.consoleErrors).toEqual([]);
    expect(watched.pageErrors).toEqual([]);
    await page.close();
  });
});
