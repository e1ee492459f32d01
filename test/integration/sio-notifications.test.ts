import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { connectNotifications, INSTRUCTOR_KEY, tokenAs } from '../support/chat';
import { startDemoServer, type RunningServer } from '../support/demo-server';
import { createCleanup, stopServer } from '../support/lifecycle';

const cleanup = createCleanup();
let server: RunningServer;

afterEach(() => cleanup.run());

async function start(overrides: Parameters<typeof startDemoServer>[0] = {}) {
  server = await startDemoServer({ instructorKey: INSTRUCTOR_KEY, ...overrides });
  cleanup.defer(() => stopServer(server));
  return server.url;
}

/** A user and `tabs` connected /notifications sockets of theirs. */
async function userWithTabs(url: string, name: string, tabs: number, instructor = false) {
  const answer = await tokenAs(url, name, instructor);
  const sockets = [];
  for (let i = 0; i < tabs; i++) {
    sockets.push(cleanup.add(await connectNotifications(url, answer.token)));
  }
  return { user: answer.user, tabs: sockets };
}

describe('/notifications', () => {
  it('delivers a notification to every tab of one user and to nobody else', async () => {
    const url = await start();
    const ana = await userWithTabs(url, 'Ana', 3);
    const bea = await userWithTabs(url, 'Bea', 1);
    const answer = await bea.tabs[0]!.socket.timeout(2_000).emitWithAck('notify:user', {
      userId: ana.user.id,
      text: 'hola, Ana',
    });
    expect(answer).toEqual({ ok: true, delivered: 3 });
    for (const tab of ana.tabs) {
      expect(await tab.notifications.next()).toEqual({
        id: expect.any(String),
        scope: 'user',
        from: bea.user,
        text: 'hola, Ana',
        ts: expect.any(Number),
      });
    }
    await delay(100);
    expect(bea.tabs[0]!.notifications.all).toEqual([]);
  });

  it('says 0 delivered for a user with no open tab', async () => {
    const url = await start();
    const ana = await userWithTabs(url, 'Ana', 1);
    expect(
      await ana.tabs[0]!.socket.timeout(2_000).emitWithAck('notify:user', {
        userId: 'nadie',
        text: 'hola',
      }),
    ).toEqual({ ok: true, delivered: 0 });
  });

  it('refuses notify:all to a student (FORBIDDEN) and delivers an instructor’s to everyone', async () => {
    const url = await start();
    const ana = await userWithTabs(url, 'Ana', 2);
    const profe = await userWithTabs(url, 'Profe', 1, true);
    expect(
      await ana.tabs[0]!.socket.timeout(2_000).emitWithAck('notify:all', { text: 'a todos' }),
    ).toEqual({ ok: false, code: 'FORBIDDEN', error: expect.stringMatching(/solo un docente/) });
    await delay(100);
    expect(ana.tabs[1]!.notifications.all).toEqual([]);

    expect(
      await profe.tabs[0]!.socket.timeout(2_000).emitWithAck('notify:all', { text: 'examen' }),
    ).toEqual({ ok: true, delivered: 3 });
    for (const tab of [...ana.tabs, ...profe.tabs]) {
      expect(await tab.notifications.next()).toMatchObject({ scope: 'all', text: 'examen' });
    }
  });

  it('answers bad payloads with INVALID and rate limits notifications', async () => {
    const url = await start({ notifyRate: { ratePerSecond: 0.1, burst: 2 } });
    const ana = await userWithTabs(url, 'Ana', 1);
    const socket = ana.tabs[0]!.socket;
    expect(
      await socket.timeout(2_000).emitWithAck('notify:user', { userId: '', text: 'hola' }),
    ).toMatchObject({ ok: false, code: 'INVALID' });
    expect(
      await socket
        .timeout(2_000)
        .emitWithAck('notify:user', { userId: ana.user.id, text: 'x'.repeat(2_001) }),
    ).toMatchObject({
      ok: false,
      code: 'INVALID',
      error: expect.stringMatching(/demasiado largo/),
    });
    const send = () =>
      socket.timeout(2_000).emitWithAck('notify:user', { userId: ana.user.id, text: 'hola' });
    expect(await send()).toMatchObject({ ok: true });
    expect(await send()).toMatchObject({ ok: true });
    expect(await send()).toMatchObject({ ok: false, code: 'RATE_LIMITED' });
  });
});
