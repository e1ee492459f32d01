import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { CHAT_LIMITS, CHAT_PATHS } from '../../src/protocol';
import {
  connectChat,
  connectNotifications,
  INSTRUCTOR_KEY,
  openRaw,
  postToken,
  refusal,
  tokenFor,
  claimsOf,
  expectTokenLifetime,
} from '../support/chat';
import { startDemoServer, type RunningServer } from '../support/demo-server';
import { createCleanup, stopServer } from '../support/lifecycle';

const cleanup = createCleanup();
let server: RunningServer;

async function start(overrides: Parameters<typeof startDemoServer>[0] = {}) {
  server = await startDemoServer({ instructorKey: INSTRUCTOR_KEY, ...overrides });
  cleanup.defer(() => stopServer(server));
  return server;
}

afterEach(() => cleanup.run());

describe('POST /auth/token', () => {
  it('gives a student token with a trimmed name, a random user id as sub, and the lifetime', async () => {
    const { url } = await start();
    const sentAt = Date.now();
    const { status, body } = await postToken(url, { name: '  Ana  ' });
    expect(status).toBe(200);
    expect(body).toEqual({
      token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
      expiresIn: CHAT_LIMITS.tokenTtlSeconds,
      user: { id: expect.any(String), name: 'Ana', role: 'student' },
    });
    const claims = claimsOf(body.token as string);
    expect(claims).toMatchObject({ sub: (body.user as { id: string }).id, name: 'Ana' });
    expectTokenLifetime(body.token as string, sentAt, CHAT_LIMITS.tokenTtlSeconds);
    const again = await tokenFor(url, { name: 'Ana' });
    expect(again.user.id).not.toBe((body.user as { id: string }).id);
  });

  it('gives an instructor token for the right instructor key, and honours expiresIn', async () => {
    const { url } = await start();
    const answer = await tokenFor(url, {
      name: 'Profe',
      instructorKey: INSTRUCTOR_KEY,
      expiresIn: 60,
    });
    expect(answer.user.role).toBe('instructor');
    expect(answer.expiresIn).toBe(60);
    expect(claimsOf(answer.token).role).toBe('instructor');
  });

  it('refuses a wrong instructor key with 403 instead of giving a student token', async () => {
    const { url } = await start();
    const { status, body } = await postToken(url, { name: 'Colado', instructorKey: 'no-es-esta' });
    expect(status).toBe(403);
    expect(body.error).toMatch(/clave de docente no es correcta/);
    expect(body).not.toHaveProperty('token');
  });

  it.each([
    ['an empty name', { name: '' }, /vacío/],
    ['a name of spaces', { name: '   ' }, /vacío/],
    ['a 33-character name', { name: 'x'.repeat(33) }, /como mucho 32/],
    ['a name with a line break', { name: 'Ana\nBea' }, /control/],
    ['no name', {}, /falta el nombre/],
    ['a name that is not text', { name: 42 }, /debe ser un texto/],
    ['an unknown field', { name: 'Ana', admin: true }, /desconocido/],
    ['expiresIn 0', { name: 'Ana', expiresIn: 0 }, /de 1 a 3600/],
    ['expiresIn past the maximum', { name: 'Ana', expiresIn: 3_601 }, /de 1 a 3600/],
    ['a fractional expiresIn', { name: 'Ana', expiresIn: 1.5 }, /entero/],
  ])('answers 400 with a Spanish reason for %s', async (_, request, reason) => {
    const { url } = await start();
    const { status, body } = await postToken(url, request);
    expect(status).toBe(400);
    expect(body.error).toMatch(reason);
  });

  it('accepts a name of exactly 32 characters, emoji counted as one', async () => {
    const { url } = await start();
    expect((await tokenFor(url, { name: 'x'.repeat(32) })).user.name).toHaveLength(32);
    expect((await tokenFor(url, { name: '🙂'.repeat(32) })).user.name).toBe('🙂'.repeat(32));
  });

  it.each([
    ['malformed JSON', '{"name": "Ana"', /no es JSON válido/],
    ['a JSON array', '["Ana"]', /objeto JSON/],
    ['a JSON string', '"Ana"', /objeto JSON/],
    ['JSON null', 'null', /objeto JSON/],
    ['an empty body', '', /no es JSON válido/],
  ])('answers 400 for %s', async (_, body, reason) => {
    const { url } = await start();
    const answer = await postToken(url, body);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatch(reason);
  });

  it('answers 415 without a JSON content type and 413 for a huge body', async () => {
    const { url } = await start();
    const plain = await postToken(url, '{"name":"Ana"}', { 'content-type': 'text/plain' });
    expect(plain.status).toBe(415);
    expect(plain.body.error).toMatch(/Content-Type: application\/json/);
    const huge = await postToken(url, { name: 'Ana', instructorKey: 'k'.repeat(5_000) });
    expect(huge.status).toBe(413);
  });

  it('answers 429 with Retry-After once one address asks too often', async () => {
    const { url } = await start({ tokenRate: { ratePerSecond: 0.1, burst: 2 } });
    expect((await postToken(url, { name: 'a' })).status).toBe(200);
    expect((await postToken(url, { name: 'b' })).status).toBe(200);
    const res = await fetch(`${url}${CHAT_PATHS.token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name":"c"}',
    });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await res.json()) as { error: string }).error).toMatch(/demasiadas/);
  });

  it('answers a CORS preflight from a localhost page and refuses a foreign origin', async () => {
    const { url } = await start();
    const preflight = await fetch(`${url}${CHAT_PATHS.token}`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:4321',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:4321');
    const foreign = await postToken(
      url,
      { name: 'Ana' },
      {
        'content-type': 'application/json',
        origin: 'http://evil.example',
      },
    );
    expect(foreign.status).toBe(403);
  });
});

describe.each([CHAT_PATHS.chatNamespace, CHAT_PATHS.notificationsNamespace])(
  'the handshake of %s',
  (namespace) => {
    it('accepts a valid token', async () => {
      const { url } = await start();
      const { token } = await tokenFor(url, { name: 'Ana' });
      const socket = openRaw(url, namespace, { token });
      cleanup.defer(() => socket.disconnect());
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', reject);
      });
      expect(socket.connected).toBe(true);
    });

    it.each([
      ['no auth at all', undefined, /Falta el token/],
      ['an empty token', { token: '' }, /Falta el token/],
      ['a token that is not text', { token: 42 }, /Falta el token/],
      ['a token that is not a JWT', { token: 'hola' }, /no es válido/],
    ])('refuses %s with UNAUTHORIZED', async (_, auth, reason) => {
      const { url } = await start();
      const socket = openRaw(url, namespace, auth);
      cleanup.defer(() => socket.disconnect());
      const { message, data } = await refusal(socket);
      expect(data).toEqual({ code: 'UNAUTHORIZED', message: expect.stringMatching(reason) });
      expect(message).toBe(data.message);
    });

    it('refuses a tampered token (role changed to instructor) with UNAUTHORIZED', async () => {
      const { url } = await start();
      const { token } = await tokenFor(url, { name: 'Ana' });
      const [header, payload, signature] = token.split('.');
      const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
      const forged = Buffer.from(JSON.stringify({ ...claims, role: 'instructor' })).toString(
        'base64url',
      );
      const socket = openRaw(url, namespace, { token: `${header}.${forged}.${signature}` });
      cleanup.defer(() => socket.disconnect());
      expect((await refusal(socket)).data.code).toBe('UNAUTHORIZED');
    });

    it('refuses a token signed by another server (another secret) with UNAUTHORIZED', async () => {
      const other = await startDemoServer({ jwtSecret: 'otro-secreto-de-otro-servidor-123456' });
      cleanup.defer(() => stopServer(other));
      const { token } = await tokenFor(other.url, { name: 'Ana' });
      const { url } = await start({ jwtSecret: 'el-secreto-de-este-servidor-1234567' });
      const socket = openRaw(url, namespace, { token });
      cleanup.defer(() => socket.disconnect());
      expect((await refusal(socket)).data.code).toBe('UNAUTHORIZED');
    });

    it('refuses an expired token with TOKEN_EXPIRED', async () => {
      const { url } = await start();
      const { token } = await tokenFor(url, { name: 'Ana', expiresIn: 1 });
      await delay(2_100);
      const socket = openRaw(url, namespace, { token });
      cleanup.defer(() => socket.disconnect());
      const { data } = await refusal(socket);
      expect(data).toEqual({ code: 'TOKEN_EXPIRED', message: expect.stringMatching(/caducado/) });
    });
  },
);

it('puts the user the token names on the socket (seen in what it sends)', async () => {
  const { url } = await start();
  const ana = await tokenFor(url, { name: 'Ana' });
  const chat = cleanup.add(await connectChat(url, ana.token));
  const joined = await chat.socket.timeout(2_000).emitWithAck('chat:join', { room: 'general' });
  expect(joined).toMatchObject({ ok: true, members: [ana.user] });
  const notifications = cleanup.add(await connectNotifications(url, ana.token));
  const sent = await notifications.socket
    .timeout(2_000)
    .emitWithAck('notify:user', { userId: ana.user.id, text: 'hola' });
  expect(sent).toEqual({ ok: true, delivered: 1 });
  expect((await notifications.notifications.next()).from).toEqual(ana.user);
});
