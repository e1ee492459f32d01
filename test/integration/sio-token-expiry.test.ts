import { setTimeout as delay } from 'node:timers/promises';
import { Manager } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CHAT_LIMITS,
  CHAT_PATHS,
  PATHS,
  type AuthErrorData,
  type TokenResponse,
} from '../../src/protocol';
import {
  connectChat,
  connectNotifications,
  connected,
  tokenFor,
  type ChatSocket,
  claimsOf,
  expectTokenLifetime,
} from '../support/chat';
import { startDemoServer, type RunningServer } from '../support/demo-server';
import { Inbox } from '../support/inbox';
import { createCleanup, stopServer } from '../support/lifecycle';

const cleanup = createCleanup();
let server: RunningServer;

async function start(overrides: Parameters<typeof startDemoServer>[0] = {}) {
  server = await startDemoServer(overrides);
  cleanup.defer(() => stopServer(server));
  return server;
}

afterEach(() => cleanup.run());

/** Records `auth:expired` and `disconnect` of a socket, in arrival order. */
function watchExpiry(socket: ChatSocket | { on: ChatSocket['on'] }) {
  const events = new Inbox<
    | { kind: 'expired'; data: AuthErrorData; at: number }
    | { kind: 'disconnect'; reason: string; at: number }
  >();
  (socket as ChatSocket).on('auth:expired', (data) =>
    events.push({ kind: 'expired', data, at: Date.now() }),
  );
  (socket as ChatSocket).on('disconnect', (reason) =>
    events.push({ kind: 'disconnect', reason, at: Date.now() }),
  );
  return events;
}

/** `POST /auth/refresh` with an Authorization header (or none) and an optional body. */
async function postRefresh(token: string | null, body?: object, authorization?: string) {
  const headers: Record<string, string> = {};
  if (token !== null) headers.authorization = authorization ?? `Bearer ${token}`;
  if (body) headers['content-type'] = 'application/json';
  const res = await fetch(`${server.url}${CHAT_PATHS.refresh}`, {
    method: 'POST',
    headers,
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { res, body: (await res.json()) as Record<string, unknown> };
}

describe('a connection whose token expires', () => {
  it('gets auth:expired and is disconnected by the server when its 2 s token expires', async () => {
    const { url } = await start();
    const { token } = await tokenFor(url, { name: 'Ana', expiresIn: 2 });
    const expiresAt = (claimsOf(token).exp as number) * 1000;
    const chat = cleanup.add(await connectChat(url, token));
    const events = watchExpiry(chat.socket);
    await delay(500);
    expect(chat.socket.connected).toBe(true);
    const expired = await events.next(undefined, 4_000);
    const gone = await events.next(undefined, 1_000);
    expect(expired).toMatchObject({ kind: 'expired', data: { code: 'TOKEN_EXPIRED' } });
    expect((expired as { data: AuthErrorData }).data.message).toMatch(/caducado/);
    expect(gone).toMatchObject({ kind: 'disconnect', reason: 'io server disconnect' });
    expect(expired.at).toBeGreaterThanOrEqual(expiresAt - 50);
    expect(expired.at).toBeLessThan(expiresAt + 1_000);
    await delay(300);
    expect(chat.socket.connected).toBe(false);
    expect(server.demo.connections.total).toBe(0);
  });

  it('cuts /notifications at expiry too, without taking a /chat socket on the same connection with it', async () => {
    const { url } = await start();
    const short = await tokenFor(url, { name: 'Ana', expiresIn: 2 });
    const long = await tokenFor(url, { name: 'Bea' });
    // One Manager, one Engine.IO connection, two namespaces multiplexed on it.
    const manager = new Manager(url, {
      path: PATHS.socketIo,
      transports: ['websocket'],
      reconnection: false,
    });
    const notifications = manager.socket(CHAT_PATHS.notificationsNamespace, {
      auth: { token: short.token },
    });
    const chat = manager.socket(CHAT_PATHS.chatNamespace, { auth: { token: long.token } });
    cleanup.defer(() => {
      notifications.disconnect();
      chat.disconnect();
    });
    await Promise.all([connected(notifications), connected(chat)]);
    const events = watchExpiry(notifications as never);
    expect(await events.next(undefined, 4_000)).toMatchObject({ kind: 'expired' });
    expect(await events.next()).toMatchObject({
      kind: 'disconnect',
      reason: 'io server disconnect',
    });
    await delay(200);
    expect(chat.connected).toBe(true);
    const ack = (await chat.timeout(2_000).emitWithAck('chat:join', { room: 'general' })) as {
      ok: boolean;
    };
    expect(ack.ok).toBe(true);
  });

  it('stays open past the first expiry after auth:renew with a fresh token for the same user', async () => {
    const { url } = await start();
    const first = await tokenFor(url, { name: 'Ana', expiresIn: 2 });
    const chat = cleanup.add(await connectChat(url, first.token));
    const events = watchExpiry(chat.socket);
    const { res, body } = await postRefresh(first.token, { expiresIn: 60 });
    expect(res.status).toBe(200);
    const renewed = body as unknown as TokenResponse;
    const ack = await chat.socket
      .timeout(2_000)
      .emitWithAck('auth:renew', { token: renewed.token });
    expect(ack).toEqual({ ok: true, expiresIn: expect.any(Number) });
    expect((ack as { expiresIn: number }).expiresIn).toBeGreaterThan(55);
    await delay(2_800);
    expect(events.all).toEqual([]);
    expect(chat.socket.connected).toBe(true);
    // Still the same user: a message carries the id the first token named.
    await chat.socket.timeout(2_000).emitWithAck('chat:join', { room: 'general' });
    const sent = (await chat.socket
      .timeout(2_000)
      .emitWithAck('chat:message', { room: 'general', text: 'sigo aquí' })) as {
      message: { from: { id: string } };
    };
    expect(sent.message.from.id).toBe(first.user.id);
  });

  it('refuses auth:renew with another user’s token, a bad token or no token, and still cuts at the first expiry', async () => {
    const { url } = await start();
    const ana = await tokenFor(url, { name: 'Ana', expiresIn: 2 });
    const bea = await tokenFor(url, { name: 'Bea' });
    const chat = cleanup.add(await connectChat(url, ana.token));
    const events = watchExpiry(chat.socket);
    const renew = (payload: unknown) =>
      chat.socket.timeout(2_000).emitWithAck('auth:renew', payload as { token: string });
    const other = await renew({ token: bea.token });
    expect(other).toMatchObject({
      ok: false,
      code: 'UNAUTHORIZED',
      error: expect.stringMatching(/otro usuario/),
    });
    const tampered = await renew({ token: ana.token.slice(0, -2) + 'xx' });
    expect(tampered).toMatchObject({ ok: false, code: 'UNAUTHORIZED' });
    expect(await renew({})).toMatchObject({ ok: false, code: 'INVALID' });
    expect(await renew({ token: 'x'.repeat(3_000) })).toMatchObject({ ok: false, code: 'INVALID' });
    expect(await events.next(undefined, 4_000)).toMatchObject({ kind: 'expired' });
    expect(await events.next()).toMatchObject({
      kind: 'disconnect',
      reason: 'io server disconnect',
    });
  });

  it('cuts a recovered socket whose token expired while it was away (recovery skips the middleware)', async () => {
    const { url } = await start();
    const { token } = await tokenFor(url, { name: 'Ana', expiresIn: 2 });
    const expiresAt = (claimsOf(token).exp as number) * 1000;
    const chat = cleanup.add(await connectChat(url, token, { reconnection: true }));
    // Recovery needs the offset of one broadcast received: our own message to a room.
    await chat.socket.timeout(2_000).emitWithAck('chat:join', { room: 'general' });
    await chat.socket.timeout(2_000).emitWithAck('chat:message', { room: 'general', text: 'hola' });
    await chat.messages.next();
    // Comes back only after the token has expired.
    chat.socket.io.reconnectionDelay(expiresAt - Date.now() + 500);
    chat.socket.io.reconnectionDelayMax(expiresAt - Date.now() + 500);
    chat.socket.io.randomizationFactor(0);
    const events = watchExpiry(chat.socket);
    const reconnected = new Promise<void>((resolve) =>
      chat.socket.once('connect', () => resolve()),
    );
    chat.socket.io.engine.close();
    await reconnected;
    expect(Date.now()).toBeGreaterThan(expiresAt);
    expect(chat.socket.recovered).toBe(true);
    expect(await events.next((e) => e.kind === 'expired', 2_000)).toMatchObject({
      data: { code: 'TOKEN_EXPIRED' },
    });
    expect(
      await events.next((e) => e.kind === 'disconnect' && e.reason === 'io server disconnect'),
    ).toBeTruthy();
  });

  it('releases expiry timers when the server closes with sockets still open', async () => {
    const { url } = await start();
    const { token } = await tokenFor(url, { name: 'Ana' });
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = timers();
    const chat = await connectChat(url, token);
    const notifications = await connectNotifications(url, token);
    cleanup.defer(() => {
      chat.close();
      notifications.close();
    });
    await server.close();
    await delay(50);
    expect(chat.socket.connected).toBe(false);
    expect(notifications.socket.connected).toBe(false);
    // The two hour-long expiry timers are gone with their sockets.
    expect(timers()).toBeLessThanOrEqual(before);
  });
});

describe('POST /auth/refresh', () => {
  it('gives a new token for the same user with a fresh lifetime', async () => {
    const { url } = await start();
    const first = await tokenFor(url, { name: 'Ana', expiresIn: 30 });
    const sentAt = Date.now();
    const { res, body } = await postRefresh(first.token);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(body).toEqual({
      token: expect.any(String),
      expiresIn: CHAT_LIMITS.tokenTtlSeconds,
      user: first.user,
    });
    const claims = claimsOf(body.token as string);
    expect(claims).toMatchObject({ sub: first.user.id, name: 'Ana', role: 'student' });
    expectTokenLifetime(body.token as string, sentAt, CHAT_LIMITS.tokenTtlSeconds);
    const short = await postRefresh(first.token, { expiresIn: 5 });
    expect(short.body.expiresIn).toBe(5);
    // The new token opens a connection as the same user.
    const chat = cleanup.add(await connectChat(url, body.token as string));
    expect(chat.socket.connected).toBe(true);
  });

  it('keeps the instructor role', async () => {
    const { url } = await start({ instructorKey: 'clave' });
    const first = await tokenFor(url, { name: 'Profe', instructorKey: 'clave' });
    const { body } = await postRefresh(first.token);
    expect(body.user).toEqual(first.user);
    expect(claimsOf(body.token as string).role).toBe('instructor');
  });

  it.each([
    ['no Authorization header', null, undefined, /falta el token/],
    ['another scheme', 'x', 'Basic YWxhZGRpbjpvcGVuc2VzYW1l', /falta el token/],
    ['a tampered token', 'x', 'Bearer abc.def.ghi', /no es válido/],
  ])('answers 401 with a Spanish reason for %s', async (_, token, authorization, reason) => {
    await start();
    const { res, body } = await postRefresh(token, undefined, authorization);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(body.error).toMatch(reason);
    expect(body).not.toHaveProperty('token');
  });

  it('answers 401 for an expired token: an expired token is not renewed', async () => {
    const { url } = await start();
    const { token } = await tokenFor(url, { name: 'Ana', expiresIn: 1 });
    await delay(2_100);
    const { res, body } = await postRefresh(token);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/invalid_token/);
    expect(body.error).toMatch(/caducado/);
  });

  it('answers 400 for a bad expiresIn or an unknown field', async () => {
    const { url } = await start();
    const { token } = await tokenFor(url, { name: 'Ana' });
    expect((await postRefresh(token, { expiresIn: 0 })).body.error).toMatch(/de 1 a 3600/);
    const unknown = await postRefresh(token, { name: 'Otra' });
    expect(unknown.res.status).toBe(400);
    expect(unknown.body.error).toMatch(/desconocido/);
  });

  it('shares the token rate limit: 429 with Retry-After', async () => {
    const { url } = await start({ tokenRate: { ratePerSecond: 0.1, burst: 2 } });
    const { token } = await tokenFor(url, { name: 'Ana' });
    expect((await postRefresh(token)).res.status).toBe(200);
    const { res } = await postRefresh(token);
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('answers a CORS preflight that asks for Authorization from an allowed origin, and 403 for a foreign one', async () => {
    const { url } = await start({ allowedOrigins: ['http://curso.example'] });
    const preflight = await fetch(`${url}${CHAT_PATHS.refresh}`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://curso.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
    const { token } = await tokenFor(url, { name: 'Ana' });
    const foreign = await fetch(`${url}${CHAT_PATHS.refresh}`, {
      method: 'POST',
      headers: { origin: 'http://otro.example', authorization: `Bearer ${token}` },
    });
    expect(foreign.status).toBe(403);
  });
});
