import { io } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { probeConnect, probeJoin, type ProbeIo } from '../../src/chat/auth-probe';
import { probeExpiry } from '../../src/chat/expiry-probe';
import { refreshToken } from '../../src/chat/token-client';
import { INSTRUCTORS_ROOM } from '../../src/protocol';
import { decodeJwt } from '../../src/widgets/sio-auth/jwt-parts';
import { createSioAuthStore, type SioAuthStore } from '../../src/widgets/sio-auth/sio-auth-store';
import { INSTRUCTOR_KEY, tokenFor } from '../support/chat';
import { startDemoServer, waitFor, type RunningServer } from '../support/demo-server';
import { createCleanup, stopServer } from '../support/lifecycle';

const realIo: ProbeIo = (uri, options) => io(uri, options);
const cleanup = createCleanup();

afterEach(() => cleanup.run());

async function start(): Promise<RunningServer> {
  const server = await startDemoServer({ instructorKey: INSTRUCTOR_KEY });
  cleanup.defer(() => stopServer(server));
  return server;
}

describe('auth probe against the demo server', () => {
  it('is accepted with a token, with a new socket.id each time', async () => {
    const { url } = await start();
    const { token } = await tokenFor(url, { name: 'Ana' });
    const first = await probeConnect({ baseUrl: url, io: realIo, token });
    const second = await probeConnect({ baseUrl: url, io: realIo, token });
    expect(first).toEqual({ outcome: 'connected', socketId: expect.any(String) });
    expect(second).toEqual({ outcome: 'connected', socketId: expect.any(String) });
    const ids = [first, second].map((r) => (r.outcome === 'connected' ? r.socketId : ''));
    expect(ids[1]).not.toBe(ids[0]);
  });

  it('is refused UNAUTHORIZED without a token and with a tampered one', async () => {
    const { url } = await start();
    expect(await probeConnect({ baseUrl: url, io: realIo })).toEqual({
      outcome: 'refused',
      code: 'UNAUTHORIZED',
      message: expect.stringMatching(/token/i),
    });
    const { token } = await tokenFor(url, { name: 'Ana' });
    const [header, , signature] = token.split('.');
    const claims = decodeJwt(token)!.payload;
    const forged = Buffer.from(JSON.stringify({ ...claims, role: 'instructor' })).toString(
      'base64url',
    );
    expect(
      await probeConnect({ baseUrl: url, io: realIo, token: `${header}.${forged}.${signature}` }),
    ).toMatchObject({ outcome: 'refused', code: 'UNAUTHORIZED' });
  });

  it('is refused TOKEN_EXPIRED with a token past its exp', async () => {
    const { url } = await start();
    const { token } = await tokenFor(url, { name: 'Ana', expiresIn: 1 });
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(await probeConnect({ baseUrl: url, io: realIo, token })).toEqual({
      outcome: 'refused',
      code: 'TOKEN_EXPIRED',
      message: expect.any(String),
    });
  });

  it("gets FORBIDDEN for a student's join of the instructors' room, and lets an instructor in", async () => {
    const { url } = await start();
    const student = await tokenFor(url, { name: 'Ana' });
    const refused = await probeJoin({
      baseUrl: url,
      io: realIo,
      token: student.token,
      room: INSTRUCTORS_ROOM,
    });
    expect(refused.connection.outcome).toBe('connected');
    expect(refused.join).toEqual({
      outcome: 'denied',
      code: 'FORBIDDEN',
      error: expect.stringContaining(INSTRUCTORS_ROOM),
    });
    const instructor = await tokenFor(url, { name: 'Profe', instructorKey: INSTRUCTOR_KEY });
    const allowed = await probeJoin({
      baseUrl: url,
      io: realIo,
      token: instructor.token,
      room: INSTRUCTORS_ROOM,
    });
    expect(allowed.join).toMatchObject({ outcome: 'joined', room: INSTRUCTORS_ROOM, members: 1 });
  });

  it('says unreachable when no server listens', async () => {
    const server = await startDemoServer();
    const url = server.url;
    await server.close();
    expect(await probeConnect({ baseUrl: url, io: realIo, token: 'x' })).toMatchObject({
      outcome: 'unreachable',
    });
  });
});

describe('authentication widget store against the demo server', () => {
  it('goes through every step with the real probes and token client', async () => {
    const { url } = await start();
    const store: SioAuthStore = createSioAuthStore(url);
    cleanup.defer(() => store.stop());
    store.start();
    await waitFor(() => store.get().connection === 'idle', 5_000, 'the server check');
    await store.getToken('Ana');
    await store.connectWithToken();
    await store.connectWithoutToken();
    await store.connectTampered();
    await store.joinRoom();
    await store.connectExpired('Ana');
    expect(store.get().attempts.map((a) => [a.kind, a.outcome])).toEqual([
      ['token', 'issued'],
      ['with-token', 'connected'],
      ['without-token', 'UNAUTHORIZED'],
      ['tampered', 'UNAUTHORIZED'],
      ['join', 'FORBIDDEN'],
      ['expired', 'TOKEN_EXPIRED'],
    ]);
    expect(store.get().attempts.at(-2)!.reason).toMatch(/solo para docentes/);
  });
});

describe('expiry probe against the demo server', () => {
  it('watches the server cut an open connection at exp: auth:expired, then io server disconnect', async () => {
    const { url } = await start();
    const { token } = await tokenFor(url, { name: 'Ana', expiresIn: 2 });
    const seen: string[] = [];
    const result = await probeExpiry({
      baseUrl: url,
      io: realIo,
      token,
      watchMs: 5_000,
      onEvent: (e) => seen.push(e.type),
    });
    expect(result.connection.outcome).toBe('connected');
    expect(result.events.map((e) => e.type)).toEqual(['connected', 'expired', 'disconnected']);
    expect(seen).toEqual(['connected', 'expired', 'disconnected']);
    expect(result.events[1]).toMatchObject({
      code: 'TOKEN_EXPIRED',
      message: expect.stringMatching(/caducado/),
    });
    expect(result.events[2]).toMatchObject({ reason: 'io server disconnect' });
    expect(result.events[1]!.at).toBeGreaterThanOrEqual(1_000);
    expect(result.events[1]!.at).toBeLessThan(3_100);
  });

  it('renewed in place before exp, the connection outlives the first token', async () => {
    const { url } = await start();
    const { token } = await tokenFor(url, { name: 'Ana', expiresIn: 2 });
    const result = await probeExpiry({
      baseUrl: url,
      io: realIo,
      token,
      watchMs: 3_500,
      renew: {
        afterMs: 1_000,
        fresh: async () => (await refreshToken(url, token, fetch, 5)).token,
      },
    });
    expect(result.events.map((e) => e.type)).toEqual(['connected', 'renewed', 'closed']);
    expect(result.events[1]).toMatchObject({ expiresIn: expect.any(Number) });
  });

  it('a renewal with another user’s token is refused and the server still cuts at exp', async () => {
    const { url } = await start();
    const { token } = await tokenFor(url, { name: 'Ana', expiresIn: 2 });
    const other = await tokenFor(url, { name: 'Luis' });
    const result = await probeExpiry({
      baseUrl: url,
      io: realIo,
      token,
      watchMs: 5_000,
      renew: { afterMs: 500, fresh: async () => other.token },
    });
    expect(result.events.map((e) => e.type)).toEqual([
      'connected',
      'renew-refused',
      'expired',
      'disconnected',
    ]);
    expect(result.events[1]).toMatchObject({ code: 'UNAUTHORIZED' });
  });
});
