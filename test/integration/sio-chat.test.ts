import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { CHAT_LIMITS, INSTRUCTORS_ROOM, type ChatMessage, type ChatUser } from '../../src/protocol';
import { connectChat, INSTRUCTOR_KEY, tokenAs, tokenFor, type ChatClient } from '../support/chat';
import { connectSocketIo, openWs } from '../support/clients';
import { publishHttp, startDemoServer, waitFor, type RunningServer } from '../support/demo-server';
import { createCleanup, stopServer } from '../support/lifecycle';

const cleanup = createCleanup();
let server: RunningServer;

afterEach(() => cleanup.run());

async function start(overrides: Parameters<typeof startDemoServer>[0] = {}) {
  server = await startDemoServer({ instructorKey: INSTRUCTOR_KEY, ...overrides });
  cleanup.defer(() => stopServer(server));
  return server.url;
}

/** A connected /chat client for a new user. */
async function user(url: string, name: string, instructor = false) {
  const answer = await tokenAs(url, name, instructor);
  const client = await connectChat(url, answer.token);
  cleanup.add(client);
  return { ...client, user: answer.user, token: answer.token };
}

/** A connected /chat client for a new user, already in `room`. */
async function member(url: string, name: string, room: string) {
  const client = await user(url, name);
  expect(await join(client, room)).toMatchObject({ ok: true });
  return client;
}

const join = (client: ChatClient, room: string) =>
  client.socket.timeout(2_000).emitWithAck('chat:join', { room });
const say = (client: ChatClient, room: string, text: string) =>
  client.socket.timeout(2_000).emitWithAck('chat:message', { room, text });
const ids = (members: { id: string }[]) => members.map((m) => m.id).sort();

describe('/chat rooms', () => {
  it('joins a room: the ack has the room, its history and its members; the room sees presence', async () => {
    const url = await start();
    const ana = await user(url, 'Ana');
    const bea = await user(url, 'Bea');
    expect(await join(ana, 'general')).toEqual({
      ok: true,
      room: 'general',
      history: [],
      members: [ana.user],
    });
    const joined = await join(bea, 'general');
    expect(joined.ok && ids(joined.members)).toEqual(ids([ana.user, bea.user]));
    const presence = await ana.presence.next((p) => p.members.length === 2);
    expect(presence.room).toBe('general');
    expect(ids(presence.members)).toEqual(ids([ana.user, bea.user]));
  });

  it('delivers a message to every member, acks the stored message, and not to other rooms', async () => {
    const url = await start();
    const ana = await member(url, 'Ana', 'general');
    const bea = await member(url, 'Bea', 'general');
    const eva = await member(url, 'Eva', 'otra');
    const answer = await say(ana, 'general', '<b>hola</b>');
    expect(answer).toEqual({
      ok: true,
      message: {
        id: expect.any(String),
        room: 'general',
        text: '<b>hola</b>',
        from: ana.user,
        ts: expect.any(Number),
      },
    });
    const message = answer.ok ? answer.message : null;
    expect(await bea.messages.next()).toEqual(message);
    expect(await ana.messages.next()).toEqual(message);
    await delay(100);
    expect(eva.messages.all).toEqual([]);
  });

  it('sends the latest history on join, oldest first, at most historyOnJoin messages', async () => {
    const url = await start();
    const ana = await user(url, 'Ana');
    await join(ana, 'historia');
    const sent: string[] = [];
    for (let i = 0; i < CHAT_LIMITS.historyOnJoin + 3; i++) {
      // Under the rate limit: 5 a second.
      if (i > 0 && i % CHAT_LIMITS.messagesPerSecond === 0) await delay(1_010);
      const answer = await say(ana, 'historia', `mensaje ${i}`);
      expect(answer.ok).toBe(true);
      sent.push(`mensaje ${i}`);
    }
    const bea = await user(url, 'Bea');
    const joined = await join(bea, 'historia');
    expect(joined.ok && joined.history.map((m: ChatMessage) => m.text)).toEqual(
      sent.slice(-CHAT_LIMITS.historyOnJoin),
    );
    expect(joined.ok && joined.history[0]!.from).toEqual(ana.user);
  }, 20_000);

  it('leaves a room: no more messages, and the others see the new presence', async () => {
    const url = await start();
    const ana = await member(url, 'Ana', 'general');
    const bea = await member(url, 'Bea', 'general');
    await ana.presence.next((p) => p.members.length === 2);
    expect(await bea.socket.timeout(2_000).emitWithAck('chat:leave', { room: 'general' })).toEqual({
      ok: true,
    });
    expect(await ana.presence.next((p) => p.members.length === 1)).toEqual({
      room: 'general',
      members: [ana.user],
    });
    await say(ana, 'general', 'solo para Ana');
    await ana.messages.next();
    expect(bea.messages.all).toEqual([]);
    const refused = await say(bea, 'general', 'ya no estoy');
    expect(refused).toMatchObject({ ok: false, code: 'NOT_MEMBER' });
  });

  it('counts a user with two tabs once in presence, and removes them when both disconnect', async () => {
    const url = await start();
    const ana = await user(url, 'Ana');
    const tab2 = cleanup.add(await connectChat(url, ana.token));
    const bea = await user(url, 'Bea');
    await join(bea, 'general');
    await join(ana, 'general');
    const joined = await join(tab2, 'general');
    expect(joined.ok && ids(joined.members)).toEqual(ids([ana.user, bea.user]));
    ana.close();
    await delay(100);
    expect(bea.presence.all.at(-1)!.members.map((m) => m.id)).toContain(ana.user.id);
    tab2.close();
    expect(await bea.presence.next((p) => p.members.length === 1)).toEqual({
      room: 'general',
      members: [bea.user],
    });
  });

  it('shows typing to the other members only, with the user, and ignores it from non-members', async () => {
    const url = await start();
    const ana = await member(url, 'Ana', 'general');
    const bea = await member(url, 'Bea', 'general');
    const eva = await user(url, 'Eva');
    ana.socket.emit('chat:typing', { room: 'general' });
    expect(await bea.typing.next()).toEqual({ room: 'general', user: ana.user });
    eva.socket.emit('chat:typing', { room: 'general' });
    await delay(150);
    expect(ana.typing.all).toEqual([]);
    expect(bea.typing.all).toHaveLength(1);
  });

  it('bounds typing indicators per socket', async () => {
    const url = await start();
    const ana = await member(url, 'Ana', 'general');
    const bea = await member(url, 'Bea', 'general');
    for (let i = 0; i < 20; i++) ana.socket.emit('chat:typing', { room: 'general' });
    await delay(300);
    expect(bea.typing.all.length).toBeGreaterThan(0);
    expect(bea.typing.all.length).toBeLessThan(10);
  });
});

describe('/chat refusals', () => {
  it('refuses a message to a room the socket has not joined (NOT_MEMBER)', async () => {
    const url = await start();
    const ana = await user(url, 'Ana');
    const bea = await user(url, 'Bea');
    await join(bea, 'general');
    const answer = await say(ana, 'general', 'hola');
    expect(answer).toEqual({
      ok: false,
      code: 'NOT_MEMBER',
      error: expect.stringMatching(/no estás en la sala «general»/),
    });
    await delay(100);
    expect(bea.messages.all).toEqual([]);
  });

  it('refuses the instructors room to a student (FORBIDDEN) and admits an instructor', async () => {
    const url = await start();
    const ana = await user(url, 'Ana');
    const profe = await user(url, 'Profe', true);
    expect(await join(ana, INSTRUCTORS_ROOM)).toEqual({
      ok: false,
      code: 'FORBIDDEN',
      error: expect.stringMatching(/solo para docentes/),
    });
    expect(await say(ana, INSTRUCTORS_ROOM, 'hola')).toMatchObject({ code: 'NOT_MEMBER' });
    expect(await join(profe, INSTRUCTORS_ROOM)).toMatchObject({ ok: true, members: [profe.user] });
    expect(await say(profe, INSTRUCTORS_ROOM, 'solo docentes')).toMatchObject({ ok: true });
  });

  it('refuses the sixth message within a second (RATE_LIMITED), then lets the socket go on', async () => {
    const url = await start();
    const ana = await member(url, 'Ana', 'general');
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) => say(ana, 'general', `m${i}`)),
    );
    expect(answers.map((a) => (a.ok ? 'ok' : a.code))).toEqual([
      'ok',
      'ok',
      'ok',
      'ok',
      'ok',
      'RATE_LIMITED',
    ]);
    expect(answers[5]).toMatchObject({ error: expect.stringMatching(/5 por segundo/) });
    await delay(250);
    expect(await say(ana, 'general', 'otra vez')).toMatchObject({ ok: true });
  });

  it('accepts 2,000 characters and refuses 2,001 (INVALID) with a clear reason', async () => {
    const url = await start();
    const ana = await member(url, 'Ana', 'general');
    const ok = await say(ana, 'general', 'a'.repeat(CHAT_LIMITS.maxTextLength));
    expect(ok.ok && ok.message.text).toHaveLength(2_000);
    expect(await say(ana, 'general', 'a'.repeat(CHAT_LIMITS.maxTextLength + 1))).toEqual({
      ok: false,
      code: 'INVALID',
      error: expect.stringMatching(/demasiado largo: como mucho 2000 caracteres/),
    });
  });

  it.each([
    ['an invalid room name', ['chat:join', { room: 'Sala Grande' }], /nombre de sala no válido/],
    ['no payload', ['chat:join'], /falta el objeto/],
    ['a payload that is not an object', ['chat:join', 'general'], /debe llevar un objeto/],
    ['an unknown field', ['chat:join', { room: 'general', extra: 1 }], /desconocido/],
    ['an empty message', ['chat:message', { room: 'general', text: '  ' }], /vacío/],
    ['a text that is not text', ['chat:message', { room: 'general', text: 7 }], /texto/],
    ['a leave without room', ['chat:leave', {}], /falta la sala/],
  ] as const)('answers %s with INVALID', async (_, [event, payload], reason) => {
    const url = await start();
    const ana = await member(url, 'Ana', 'general');
    const socket = ana.socket as unknown as {
      timeout(ms: number): { emitWithAck(...args: unknown[]): Promise<unknown> };
    };
    const args = payload === undefined ? [event] : [event, payload];
    expect(await socket.timeout(2_000).emitWithAck(...args)).toEqual({
      ok: false,
      code: 'INVALID',
      error: expect.stringMatching(reason),
    });
  });

  it('survives events without an ack function, and keeps serving the socket', async () => {
    const url = await start();
    const ana = await user(url, 'Ana');
    const raw = ana.socket as unknown as { emit(...args: unknown[]): void };
    raw.emit('chat:join', { room: 'general' });
    raw.emit('chat:message', { room: 'general', text: 'x'.repeat(3_000) });
    raw.emit('chat:typing');
    raw.emit('chat:typing', null, () => {});
    raw.emit('chat:leave', 42);
    raw.emit('no-such-event', { room: 'general' });
    expect(await say(ana, 'general', 'sigo aquí')).toMatchObject({ ok: true });
  });

  it('bounds the rooms one socket may be in', async () => {
    const ana = await user(await start({ maxChatRoomsPerSocket: 2 }), 'Ana');
    expect(await join(ana, 'a')).toMatchObject({ ok: true });
    expect(await join(ana, 'b')).toMatchObject({ ok: true });
    expect(await join(ana, 'a')).toMatchObject({ ok: true });
    expect(await join(ana, 'c')).toMatchObject({
      ok: false,
      code: 'INVALID',
      error: expect.stringMatching(/demasiadas salas/),
    });
  });
});

describe('chat:* channels belong to /chat', () => {
  it('refuses reading chat channels over HTTP, WebSocket and the default namespace', async () => {
    const url = await start();
    const profe = await user(url, 'Profe', true);
    await join(profe, INSTRUCTORS_ROOM);
    await say(profe, INSTRUCTORS_ROOM, 'secreto');
    for (const path of [
      `/poll/chat:${INSTRUCTORS_ROOM}?after=0-0`,
      `/long-poll/chat:${INSTRUCTORS_ROOM}?after=0-0&timeout=0`,
      `/sse/chat:${INSTRUCTORS_ROOM}?lastEventId=0-0`,
    ]) {
      const res = await fetch(`${url}${path}`);
      expect(res.status, path).toBe(403);
      expect(await res.text(), path).not.toContain('secreto');
    }
    const ws = cleanup.add(await openWs(server.wsUrl));
    ws.send({ type: 'subscribe', channel: `chat:${INSTRUCTORS_ROOM}` });
    expect(await ws.frames.next((f) => f.type === 'error')).toMatchObject({
      message: expect.stringMatching(/belongs to the chat/),
    });
    const sio = cleanup.add(await connectSocketIo(url, { transports: ['websocket'] }));
    await expect(sio.subscribe(`chat:${INSTRUCTORS_ROOM}`)).rejects.toThrow(/belongs to the chat/);
  });

  it('refuses publishes into chat channels from HTTP, WebSocket and the default namespace', async () => {
    const url = await start();
    const ana = await member(url, 'Ana', 'general');
    await expect(publishHttp(url, 'chat:general', { text: 'colado' })).rejects.toThrow(/403/);
    const ws = cleanup.add(await openWs(server.wsUrl));
    ws.send({ type: 'publish', channel: 'chat:general', data: { text: 'colado' }, ref: 'r1' });
    expect(await ws.frames.next((f) => f.type === 'error')).toMatchObject({
      message: expect.stringMatching(/belongs to the chat/),
    });
    const sio = cleanup.add(await connectSocketIo(url, { transports: ['websocket'] }));
    await expect(sio.publish('chat:general', { text: 'colado' })).rejects.toThrow(
      /belongs to the chat/,
    );
    await delay(100);
    expect(ana.messages.all).toEqual([]);
  });
});

describe('connection state recovery on /chat', () => {
  it('after a forced transport close, delivers what was sent meanwhile exactly once, recovered', async () => {
    const url = await start();
    const answer = await tokenFor(url, { name: 'Ana' });
    const ana = cleanup.add(await connectChat(url, answer.token, { reconnection: true }));
    const bea = await user(url, 'Bea');
    await join(ana, 'general');
    await join(bea, 'general');
    // Ana needs one broadcast to hold an offset.
    await say(bea, 'general', 'antes');
    await ana.messages.next((m) => m.text === 'antes');
    const id = ana.socket.id;

    const disconnected = new Promise((resolve) => ana.socket.once('disconnect', resolve));
    // What a dead network does to the transport; the client does not say goodbye (no `41`).
    ana.socket.io.engine.close();
    expect(await disconnected).toBe('forced close');
    await waitFor(() => server.demo.connections.total === 1, 2_000, 'the server to see it go');
    for (const text of ['durante 1', 'durante 2']) {
      expect(await say(bea, 'general', text)).toMatchObject({ ok: true });
    }
    await new Promise<void>((resolve) => ana.socket.once('connect', () => resolve()));
    expect(ana.socket.recovered).toBe(true);
    expect(ana.socket.id).toBe(id);
    await ana.messages.next((m) => m.text === 'durante 2', 5_000);
    await say(bea, 'general', 'después');
    await ana.messages.next((m) => m.text === 'después');
    await delay(100);
    expect(ana.messages.all.map((m) => m.text)).toEqual([
      'antes',
      'durante 1',
      'durante 2',
      'después',
    ]);
    // Still a member, with the same user, without joining again.
    expect(await say(ana, 'general', 'he vuelto')).toMatchObject({
      ok: true,
      message: { from: answer.user satisfies ChatUser },
    });
  });
});
