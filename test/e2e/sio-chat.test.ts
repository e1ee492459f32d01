import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe';
import { launchChromium } from '../support/browser';
import {
  openWatchedPage,
  startCourse,
  waitForWidgetState,
  type WatchedPage,
} from '../support/course';
import { tokenFor } from '../support/chat';
import type { RunningServer } from '../support/demo-server';

const LESSON = '/lecciones/08-salas-y-espacios-de-nombres/';
const HTML = '<img src=x onerror="window.__pwned=1"><b>negrita</b>';
/** The course server's INSTRUCTOR_KEY, as the instructor would read it in the start-up log. */
const INSTRUCTOR_KEY = 'clave-e2e-del-docente';

/** Opens the lesson in a new browser context (a new student), enters `name` and waits for #general. */
async function student(
  browser: Browser,
  url: string,
  name: string,
  colorScheme: 'light' | 'dark' = 'light',
): Promise<WatchedPage> {
  const watched = await openWatchedPage(browser, `${url}${LESSON}`, { colorScheme });
  const { page } = watched;
  await waitForWidgetState(page, 'sio-chat', 'idle', 15_000);
  const widget = page.locator('[data-widget="sio-chat"]');
  await widget.getByLabel('Tu nombre en el chat').fill(name);
  await widget.getByRole('button', { name: 'Entrar al chat' }).click();
  await waitForWidgetState(page, 'sio-chat', 'connected', 15_000);
  await widget.locator('[data-active-room="general"]').waitFor();
  return watched;
}

const chat = (page: Page) => page.locator('[data-widget="sio-chat"]');

describe('chat with rooms (lesson 8) against the real demo server', () => {
  let course: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    course = await startCourse({ instructorKey: INSTRUCTOR_KEY });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await course?.close();
  });

  it('two students in #general see each other’s messages and typing; HTML stays text', async () => {
    const ana = await student(browser, course.url, 'Ana');
    const luis = await student(browser, course.url, 'Luis', 'dark');
    const anaChat = chat(ana.page);
    const luisChat = chat(luis.page);

    // Presence: each sees both names.
    await expect
      .poll(() => anaChat.locator('[data-members]').textContent())
      .toMatch(/Ana \(tú\).*Luis|Luis.*Ana \(tú\)/);

    // Typing: Luis types, Ana sees the indicator, which fades by itself.
    await luisChat.getByLabel('Mensaje para #general').pressSequentially('ho');
    await expect
      .poll(() => anaChat.locator('[data-typing]').textContent())
      .toBe('Luis está escribiendo…');
    await expect
      .poll(() => anaChat.locator('[data-typing]').textContent(), { timeout: 6_000 })
      .toBe('');

    // Messages both ways.
    await luisChat.getByLabel('Mensaje para #general').fill('hola, Ana');
    await luisChat.getByLabel('Mensaje para #general').press('Enter');
    const fromLuis = anaChat.locator('[data-message-id]').filter({ hasText: 'hola, Ana' });
    await fromLuis.waitFor();
    expect(await fromLuis.textContent()).toContain('Luis');

    await anaChat.getByLabel('Mensaje para #general').fill(HTML);
    await anaChat.getByRole('button', { name: 'Enviar', exact: true }).click();
    const shown = luisChat.locator('[data-message-id]').filter({ hasText: 'negrita' });
    await shown.waitFor();
    expect(await shown.locator('.chat-text').textContent()).toBe(HTML);
    expect(await shown.locator('img, b').count()).toBe(0);
    expect(await anaChat.locator('[data-message-id] img').count()).toBe(0);
    expect(
      await luis.page.evaluate(() => (window as { __pwned?: number }).__pwned),
    ).toBeUndefined();
    // The chatting widget, in light and dark, passes axe like the pages do before a name.
    expect(await seriousViolations(ana.page)).toEqual([]);
    expect(await seriousViolations(luis.page)).toEqual([]);

    // One element per message, with the same id on both sides.
    const id = await shown.getAttribute('data-message-id');
    expect(await anaChat.locator(`[data-message-id="${id}"]`).count()).toBe(1);

    // A reload keeps the identity (sessionStorage) and brings the history back.
    await luis.page.reload();
    await waitForWidgetState(luis.page, 'sio-chat', 'connected', 15_000);
    await expect.poll(() => chat(luis.page).locator(`[data-message-id="${id}"]`).count()).toBe(1);
    expect(await chat(luis.page).getByLabel('Tu nombre en el chat').count()).toBe(0);

    for (const w of [ana, luis]) {
      expect(w.consoleErrors).toEqual([]);
      expect(w.pageErrors).toEqual([]);
      await w.page.close();
    }
  });

  it('refusals are shown with their reasons; a notification to myself reaches my other tab', async () => {
    const eva = await student(browser, course.url, 'Eva');
    const widget = chat(eva.page);
    await widget.getByRole('button', { name: 'Unirse a #instructors (docentes)' }).click();
    const forbidden = widget.locator('[data-refusal-code="FORBIDDEN"]');
    await forbidden.waitFor();
    expect(await forbidden.textContent()).toMatch(/chat:join #instructors.*solo para docentes/);

    await widget.getByRole('button', { name: 'Enviar 8 de golpe' }).click();
    const limited = widget.locator('[data-refusal-code="RATE_LIMITED"]');
    await limited.waitFor();
    expect(await limited.textContent()).toMatch(/de 8 rechazados/);

    await widget.getByRole('button', { name: /Rellenar con 2001/ }).click();
    await widget.getByRole('button', { name: 'Enviar', exact: true }).click();
    await widget.locator('[data-refusal-code="INVALID"]').waitFor();

    expect(await seriousViolations(eva.page)).toEqual([]);

    await widget.getByLabel('Otra sala').fill('Mal Nombre');
    expect(await widget.getByLabel('Otra sala').getAttribute('aria-invalid')).toBe('true');

    // Another tab with the same identity (sessionStorage is copied to a window the page opens):
    // a notification to myself arrives in both.
    const popup = eva.page.context().waitForEvent('page');
    await widget.getByRole('button', { name: 'Abrir otra pestaña como Eva' }).click();
    const second = await popup;
    second.on('pageerror', (error) => eva.pageErrors.push(error.message));
    await waitForWidgetState(second, 'sio-chat', 'connected', 15_000);
    expect(await chat(second).locator('[data-socket-id]').textContent()).not.toBe(
      await widget.locator('[data-socket-id]').textContent(),
    );
    await expect.poll(() => chat(second).locator('[data-members]').textContent()).toBe('Eva (tú)');
    await widget.getByRole('button', { name: 'Enviar a todas mis pestañas' }).click();
    await expect
      .poll(() => widget.locator('[data-delivery]').textContent())
      .toMatch(/llegó a 2 sockets/);
    for (const page of [eva.page, second]) {
      await chat(page).locator('[data-notification-id]').filter({ hasText: 'Eva:' }).waitFor();
    }
    await widget.getByRole('button', { name: 'Avisar a todos (solo docentes)' }).click();
    await widget.locator('[data-refusal-code="FORBIDDEN"]', { hasText: 'notify:all' }).waitFor();
    await second.close();

    expect(eva.consoleErrors).toEqual([]);
    expect(eva.pageErrors).toEqual([]);
    await eva.page.close();
  });

  it('an instructor key: a wrong one is refused beside the field; the right one joins #instructors and announces to every tab', async () => {
    const ana = await student(browser, course.url, 'Ana');
    // The instructor, on a phone-sized screen in dark mode, using the keyboard for the disclosure.
    const profe = await openWatchedPage(browser, `${course.url}${LESSON}`, {
      colorScheme: 'dark',
      width: 390,
    });
    const { page } = profe;
    await waitForWidgetState(page, 'sio-chat', 'idle', 15_000);
    const widget = chat(page);
    const keyField = widget.getByLabel('Clave de docente (opcional)');
    expect(await keyField.isVisible()).toBe(false);
    await widget.getByText('Soy docente', { exact: true }).focus();
    await page.keyboard.press('Enter');
    await keyField.waitFor();
    expect(await keyField.getAttribute('type')).toBe('password');
    expect(await keyField.getAttribute('autocomplete')).toBe('off');

    await widget.getByLabel('Tu nombre en el chat').fill('Profe');
    await keyField.fill('no-es-la-clave');
    await keyField.press('Enter');
    const keyError = widget.locator('[data-key-error]');
    await keyError.waitFor();
    expect(await keyError.textContent()).toMatch(/la clave de docente no es correcta/);
    expect(await keyField.getAttribute('aria-invalid')).toBe('true');
    expect(await keyField.getAttribute('aria-describedby')).toBe(await keyError.getAttribute('id'));
    expect(await widget.locator('[data-refusal-code="HTTP 403"]').textContent()).toMatch(
      /POST \/auth\/token \(con clave de docente\).*la clave de docente no es correcta/,
    );
    expect(await page.locator('[data-widget="sio-chat"]').getAttribute('data-state')).toBe('idle');
    // The widget only: at 390 px the lesson's wide tables scroll, which is the page's business.
    expect(await seriousViolations(page, '[data-widget="sio-chat"]')).toEqual([]);

    await keyField.fill(INSTRUCTOR_KEY);
    await widget.getByRole('button', { name: 'Entrar al chat' }).click();
    await waitForWidgetState(page, 'sio-chat', 'connected', 15_000);
    const identity = widget.locator('.chat-identity');
    expect(await identity.getAttribute('data-role')).toBe('instructor');
    expect(await identity.textContent()).toMatch(/Eres Profe \(docente\)/);
    // Only the token is kept in the tab, never the key.
    const kept = await page.evaluate(() => JSON.stringify({ ...sessionStorage }));
    expect(kept).toContain('instructor');
    expect(kept).not.toContain(INSTRUCTOR_KEY);

    await widget.getByRole('button', { name: 'Unirse a #instructors (docentes)' }).click();
    await widget.locator('[data-active-room="instructors"]').waitFor();
    // Still only the wrong key's refusal: no FORBIDDEN for the instructor.
    expect(await widget.locator('[data-refusal-code]').count()).toBe(1);

    await widget.getByLabel('Aviso', { exact: true }).fill('Descanso de diez minutos');
    await widget.getByRole('button', { name: 'Avisar a todos (solo docentes)' }).click();
    // The instructor's own socket and Ana's, at least.
    await expect
      .poll(() => widget.locator('[data-delivery]').textContent())
      .toMatch(/notify:all: llegó a ([2-9]|\d\d+) sockets/);
    for (const p of [page, ana.page]) {
      const announcement = chat(p)
        .locator('[data-notification-id]')
        .filter({ hasText: 'Descanso de diez minutos' });
      await announcement.waitFor();
      expect(await announcement.textContent()).toMatch(/a todos.*Profe:/);
    }
    expect(await widget.locator('[data-refusal-code]').count()).toBe(1);

    for (const w of [ana, profe]) {
      // Chromium logs the refused POST /auth/token itself; nothing else may go wrong.
      expect(w.consoleErrors.filter((e) => !/status of 403/.test(e))).toEqual([]);
      expect(w.pageErrors).toEqual([]);
      await w.page.close();
    }
  });

  it('an expired session shows the server’s reason and "Entrar de nuevo" signs in with the same name', async () => {
    const watched = await student(browser, course.url, 'Ana');
    const { page } = watched;
    // This tab's stored identity, swapped for a 4 s token the widget believes lasts 20 s: it
    // connects, and the server cuts the connection at the token's real exp.
    const short = await tokenFor(course.url, { name: 'Eva', expiresIn: 4 });
    await page.evaluate((identity) => {
      const key = Object.keys(sessionStorage).find((k) =>
        k.startsWith('tiempo-real:chat-identity:'),
      );
      if (!key) throw new Error('no stored identity');
      sessionStorage.setItem(key, JSON.stringify({ ...identity, expiresAt: Date.now() + 20_000 }));
    }, short);
    await page.reload();
    await waitForWidgetState(page, 'sio-chat', 'connected', 15_000);
    const ended = chat(page).locator('[data-session-ended="TOKEN_EXPIRED"]');
    await ended.waitFor({ timeout: 10_000 });
    expect(await ended.textContent()).toMatch(/caducado/);
    // Back to the name form: the panel gives the reason once, with no error banner repeating it.
    expect(await chat(page).getAttribute('data-state')).toBe('idle');
    expect(await chat(page).locator('.tr-notice--error').count()).toBe(0);
    await ended.getByRole('button', { name: 'Entrar de nuevo como Eva' }).click();
    await waitForWidgetState(page, 'sio-chat', 'connected', 15_000);
    expect(await chat(page).locator('.chat-identity').textContent()).toMatch(/Eres Eva/);
    expect(await chat(page).locator('[data-session-ended]').count()).toBe(0);
    expect(watched.pageErrors).toEqual([]);
    await page.close().catch(() => {});
  });
});
