import type { Browser, Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import {
  openWatchedPage,
  startCourse,
  waitForWidgetState,
  type WatchedPage,
} from '../support/course';
import { publishHttp, type RunningServer } from '../support/demo-server';

const XSS = '<img src=x onerror=alert(1)>';

describe('the polling widgets of lessons 2 and 3', () => {
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

  /** Opens a lesson, waits for its widget to connect; records any alert() the page opens. */
  async function openWidget(path: string, name: string) {
    const watched = await openWatchedPage(browser, `${course.url}${path}`);
    const dialogs: string[] = [];
    watched.page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      dialog.dismiss().catch(() => {}); // the page may be closing already
    });
    await waitForWidgetState(watched.page, name, 'connected');
    const widget = watched.page.locator(`[data-widget="${name}"]`);
    const channel = await widget.locator('[data-channel]').getAttribute('data-channel');
    expect(channel).toMatch(/^[a-z0-9][a-z0-9:_-]*$/);
    return { ...watched, widget, channel: channel!, dialogs };
  }

  /** Publishes over HTTP and returns the widget's element for that message, once it shows. */
  async function publishAndFind(widget: Locator, channel: string, text: string) {
    const sent = await publishHttp(course.url, channel, text);
    const shown = widget.locator(`[data-message-id="${sent.id}"]`);
    await shown.waitFor({ timeout: 15_000 });
    return shown;
  }

  /** A message from another client shows with its text; markup in it stays text. */
  async function expectMessagesAsText(widget: Locator, channel: string) {
    const hello = await publishAndFind(widget, channel, 'hola desde el test');
    expect(await hello.textContent()).toContain('hola desde el test');
    const xss = await publishAndFind(widget, channel, XSS);
    expect(await xss.textContent()).toContain(XSS);
    expect(await widget.locator('img').count()).toBe(0);
  }

  function expectNoErrors(watched: WatchedPage & { dialogs: string[] }) {
    expect(watched.dialogs).toEqual([]);
    expect(watched.consoleErrors).toEqual([]);
    expect(watched.pageErrors).toEqual([]);
  }

  it('short polling shows messages published over HTTP, as text', async () => {
    const watched = await openWidget('/lecciones/02-short-polling/', 'short-polling');
    await expectMessagesAsText(watched.widget, watched.channel);
    expect(await watched.widget.locator('th', { hasText: 'Cuerpo (bytes)' }).count()).toBe(1);
    expectNoErrors(watched);
    await watched.page.close();
  });

  it('long polling shows messages as text and draws a poll answered by timeout', async () => {
    const watched = await openWidget('/lecciones/03-long-polling/', 'long-polling');
    await expectMessagesAsText(watched.widget, watched.channel);
    await watched.widget.getByLabel('Timeout').selectOption('5000');
    // Nothing is published now: after 5 s the server answers the held poll with an empty 200.
    await watched.widget
      .locator('[data-timeline] [data-outcome="timeout"]')
      .first()
      .waitFor({ timeout: 15_000 });
    const held = watched.widget.locator('[data-timeline] [data-outcome="held"]');
    await held.waitFor({ timeout: 2_000 });
    expect(await held.getAttribute('aria-label')).toMatch(/retenida/);
    expectNoErrors(watched);
    await watched.page.close();
  });
});
