import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import {
  openWatchedPage,
  startCourse,
  waitForWidgetState,
  type WatchedPage,
} from '../support/course';
import type { RunningServer } from '../support/demo-server';

const LESSON = '/lecciones/09-autenticacion/';
const INSTRUCTOR_KEY = 'clave-e2e-del-docente';

/** The newest attempt of a kind, once it has settled (neither pending, waiting nor watching). */
async function settled(widget: Locator, kind: string): Promise<Locator> {
  const attempt = widget.locator(`[data-attempt="${kind}"]`).first();
  await expect
    .poll(() => attempt.getAttribute('data-outcome'), { timeout: 15_000 })
    .not.toMatch(/^(pending|waiting|watching)$/);
  return attempt;
}

describe('authentication widget (lesson 9) against the real demo server', () => {
  let course: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    // The built site, served by a demo server whose instructor key the test knows.
    course = await startCourse({ instructorKey: INSTRUCTOR_KEY });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await course?.close();
  });

  /** The lesson in a new page, its widget hydrated and resting in idle. */
  async function openWidget(): Promise<{ watched: WatchedPage; page: Page; widget: Locator }> {
    const watched = await openWatchedPage(browser, `${course.url}${LESSON}`);
    const { page } = watched;
    await waitForWidgetState(page, 'sio-auth', 'idle', 15_000);
    return { watched, page, widget: page.locator('[data-widget="sio-auth"]') };
  }

  it('shows each acceptance and refusal with the server’s code and reason', async () => {
    const { watched, page, widget } = await openWidget();

    // A token: three coloured parts, and a payload anyone can read.
    await widget.getByLabel('Nombre').fill('Ana');
    await widget.getByRole('button', { name: 'Pedir token' }).click();
    expect(await (await settled(widget, 'token')).getAttribute('data-outcome')).toBe('issued');
    const token = widget.locator('.sio-token');
    for (const part of ['header', 'payload', 'signature'])
      expect(await token.locator(`[data-jwt-part="${part}"]`).textContent()).toMatch(/^[\w-]+$/);
    const payload = JSON.parse(
      (await token.locator('[data-jwt-decoded="payload"]').textContent()) ?? '',
    );
    expect(payload).toMatchObject({ name: 'Ana', role: 'student', sub: expect.any(String) });
    expect(JSON.parse((await token.locator('[data-jwt-decoded="header"]').textContent())!)).toEqual(
      { alg: 'HS256', typ: 'JWT' },
    );

    // Accepted twice: a new socket.id each time, the same user id.
    const connect = widget.getByRole('button', { name: 'Con el token', exact: true });
    await connect.click();
    const first = await settled(widget, 'with-token');
    expect(await first.getAttribute('data-outcome')).toBe('connected');
    const firstId = await first.locator('[data-socket-id]').textContent();
    await connect.click();
    await expect.poll(() => widget.locator('[data-attempt="with-token"]').count()).toBe(2);
    const second = await settled(widget, 'with-token');
    expect(await second.getAttribute('data-outcome')).toBe('connected');
    const secondId = await second.locator('[data-socket-id]').textContent();
    expect(firstId).toMatch(/^\S{10,}$/);
    expect(secondId).not.toBe(firstId);
    expect(await second.locator('[data-user-id]').textContent()).toBe(payload.sub);

    // No token: UNAUTHORIZED, with the reason.
    await widget.getByRole('button', { name: 'Sin token' }).click();
    const none = await settled(widget, 'without-token');
    expect(await none.getAttribute('data-outcome')).toBe('UNAUTHORIZED');
    expect(await none.locator('[data-outcome-label]').textContent()).toBe('UNAUTHORIZED');
    expect(await none.locator('[data-reason]').textContent()).toMatch(/Falta el token/);

    // Tampered: the payload changed (and is marked), the signature kept; refused.
    await widget.getByRole('button', { name: 'Con el token manipulado' }).click();
    const tampered = await settled(widget, 'tampered');
    expect(await tampered.getAttribute('data-outcome')).toBe('UNAUTHORIZED');
    expect(await tampered.locator('[data-reason]').textContent()).toMatch(/no es válido/);
    const sent = tampered.locator('[data-tampered-token]');
    expect(await sent.locator('[data-jwt-part="payload"] [data-changed]').count()).toBe(1);
    expect(await sent.locator('[data-jwt-part="signature"]').textContent()).toBe(
      await token.locator('[data-jwt-part="signature"]').textContent(),
    );

    // A student in the instructors' room: authenticated, not authorized.
    await widget.getByRole('button', { name: 'Unirse a «instructors»' }).click();
    const join = await settled(widget, 'join');
    expect(await join.getAttribute('data-outcome')).toBe('FORBIDDEN');
    expect(await join.locator('[data-reason]').textContent()).toMatch(/solo para docentes/);

    // A 1-second token, a visible wait, then TOKEN_EXPIRED.
    await widget.getByRole('button', { name: 'Con un token caducado' }).click();
    await widget
      .locator('[data-attempt="expired"][data-outcome="waiting"] [data-countdown]')
      .waitFor();
    const expired = await settled(widget, 'expired');
    expect(await expired.getAttribute('data-outcome')).toBe('TOKEN_EXPIRED');
    expect(await expired.locator('[data-reason]').textContent()).toMatch(/caducado/);

    // With the instructor key, the same join is allowed.
    await widget.getByLabel('Clave de docente (opcional)').fill(INSTRUCTOR_KEY);
    await widget.getByRole('button', { name: 'Pedir token' }).click();
    await page
      .locator('[data-widget="sio-auth"] .sio-token[data-token-role="instructor"]')
      .waitFor();
    await widget.getByRole('button', { name: 'Unirse a «instructors»' }).click();
    await expect.poll(() => widget.locator('[data-attempt="join"]').count()).toBe(2);
    expect(await (await settled(widget, 'join')).getAttribute('data-outcome')).toBe('joined');

    expect(await widget.getAttribute('data-state')).toBe('idle');
    expect(watched.consoleErrors).toEqual([]);
    expect(watched.pageErrors).toEqual([]);
    await page.close();
  });

  it('shows the server cutting an open connection at exp, and a renewal in place keeping it open', async () => {
    const { watched, page, widget } = await openWidget();
    await widget.getByLabel('Nombre').fill('Bea');

    // A 5 s token on an open connection: a live countdown, then auth:expired and the cut.
    await widget.getByRole('button', { name: 'Conectar con un token de 5 s y esperar' }).click();
    await widget
      .locator('[data-attempt="expiring"][data-outcome="watching"] [data-countdown]')
      .waitFor();
    const cut = await settled(widget, 'expiring');
    expect(await cut.getAttribute('data-outcome')).toBe('TOKEN_EXPIRED');
    expect(await cut.locator('[data-reason]').textContent()).toMatch(/caducado/);
    const events = cut.locator('.sio-timeline [data-event]');
    expect(
      await events.evaluateAll((items) => items.map((i) => i.getAttribute('data-event'))),
    ).toEqual(['connected', 'expired', 'disconnected']);
    expect(await cut.locator('[data-disconnect-reason]').textContent()).toBe(
      'io server disconnect',
    );
    const cutAt = await cut.locator('[data-event="expired"] .sio-timeline__at').textContent();
    // At exp: 5 s after the token was issued (rounded up to the next second), not before.
    expect(Number(cutAt!.replace(/[^\d,]/g, '').replace(',', '.'))).toBeGreaterThanOrEqual(4.5);

    // The same, renewed at 4 s: still connected past the first exp, one socket all along.
    await widget.getByRole('button', { name: 'Igual, pero renovando en la conexión' }).click();
    const kept = await settled(widget, 'renewing');
    expect(await kept.getAttribute('data-outcome')).toBe('renewed');
    const keptEvents = kept.locator('.sio-timeline [data-event]');
    expect(
      await keptEvents.evaluateAll((items) => items.map((i) => i.getAttribute('data-event'))),
    ).toEqual(['connected', 'renewed', 'closed']);
    expect(await kept.locator('[data-socket-id]').count()).toBe(1);

    expect(await widget.getAttribute('data-state')).toBe('idle');
    expect(watched.consoleErrors).toEqual([]);
    expect(watched.pageErrors).toEqual([]);
    await page.close();
  });
});
