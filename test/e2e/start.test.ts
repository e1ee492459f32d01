import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import { spawnServer, type SpawnedServer } from '../support/spawn-course';

describe('npm start: the course and the demo server on one origin', () => {
  let course: SpawnedServer;
  let browser: Browser;

  beforeAll(async () => {
    // What `npm start -- --port 0` runs: builds dist/ if stale, then serves site + transports.
    course = await spawnServer('scripts/start.ts', ['--port', '0']);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await course?.stop();
  });

  it('serves the home page in Spanish with a link to the first lesson', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    const response = await page.goto(`${course.url}/`);
    expect(response?.status()).toBe(200);
    expect(await page.getAttribute('html', 'lang')).toBe('es');
    await expect(page.title()).resolves.toContain('Tiempo Real');
    await page
      .getByRole('link', { name: /petición\/respuesta/i })
      .first()
      .click();
    await page.waitForURL(/\/lecciones\/01-/);
    expect(await page.locator('h1').first().textContent()).toMatch(/De petición\/respuesta/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('lets the page reach every transport on its own origin without CORS', async () => {
    const page = await browser.newPage();
    await page.goto(`${course.url}/`);
    // Runs in the student's page: same-origin fetch, EventSource and WebSocket to the demo server.
    const result = await page.evaluate(async () => {
      const health = await (await fetch('/health')).json();
      const channel = `e2e-${Math.random().toString(36).slice(2, 8)}`;
      const source = new EventSource(`/sse/${channel}`);
      await new Promise((resolve, reject) => {
        source.onopen = resolve;
        source.onerror = () => reject(new Error('EventSource failed'));
      });
      const viaSse = new Promise<string>((resolve) => {
        source.onmessage = (event) => {
          source.close();
          resolve(JSON.parse(event.data).id);
        };
      });
      const viaWs = new Promise<string>((resolve, reject) => {
        const socket = new WebSocket(`ws://${location.host}/ws`);
        socket.onopen = () => socket.send(JSON.stringify({ type: 'subscribe', channel }));
        socket.onmessage = (event) => {
          const frame = JSON.parse(event.data);
          if (frame.type === 'subscribed') {
            void fetch(`/channels/${channel}/messages`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ data: { hola: 'mundo' } }),
            });
          }
          if (frame.type === 'message') {
            socket.close();
            resolve(frame.message.id);
          }
        };
        socket.onerror = () => reject(new Error('WebSocket failed'));
      });
      const [sseId, wsId] = await Promise.all([viaSse, viaWs]);
      return { transports: health.transports, sseId, wsId };
    });
    expect(result.transports).toEqual([
      'short-polling',
      'long-polling',
      'sse',
      'websocket',
      'socket-io',
    ]);
    expect(result.sseId).toMatch(/^\d+-\d+$/);
    expect(result.wsId).toBe(result.sseId);
    await page.close();
  });
});
