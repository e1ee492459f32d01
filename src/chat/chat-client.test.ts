import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../protocol';
import { createChatClient, type ChatClient, type ChatClientEvents } from './chat-client';
import { createFakeNamespaceIo, type FakeNamespaceSocket } from './testing/fake-namespace';

const ana = { id: 'u1', name: 'Ana', role: 'student' as const };
const hello: ChatMessage = { id: 'm1', room: 'general', text: 'hola', from: ana, ts: 1 };

describe('chat client', () => {
  let fake: ReturnType<typeof createFakeNamespaceIo>;
  let client: ChatClient;
  let token: string | undefined;
  let socket: FakeNamespaceSocket;
  const seen: { event: keyof ChatClientEvents; args: unknown[] }[] = [];

  beforeEach(() => {
    fake = createFakeNamespaceIo();
    token = 't1';
    seen.length = 0;
    client = createChatClient({
      baseUrl: 'http://localhost:3001/curso/',
      io: fake.io,
      getToken: () => token,
      ackTimeoutMs: 1234,
    });
    socket = fake.sockets[0]!;
    for (const event of [
      'connect',
      'recovered',
      'disconnect',
      'connect_error',
      'message',
      'presence',
      'typing',
    ] as const)
      client.on(event, (...args: unknown[]) => seen.push({ event, args }));
  });

  afterEach(() => client.close());

  it('opens /chat on the server with its path prefix, without connecting until asked', () => {
    expect(socket.uri).toBe('http://localhost:3001/chat');
    expect(socket.options).toMatchObject({ path: '/curso/socket.io/', autoConnect: false });
    expect(socket.options).not.toHaveProperty('forceNew');
    expect(socket.connectCalls).toBe(0);
    client.connect();
    expect(socket.connectCalls).toBe(1);
  });

  it('reads the token again for every handshake', () => {
    expect(socket.authToken()).toBe('t1');
    token = 't2';
    expect(socket.authToken()).toBe('t2');
  });

  it('reports connect and recovery', () => {
    client.connect();
    socket.serverConnect({ id: 'abc', recovered: true });
    expect(seen.map((s) => s.event)).toEqual(['connect', 'recovered']);
    expect(seen[0]!.args[0]).toEqual({ socketId: 'abc', recovered: true });
    expect(client.socketId).toBe('abc');
  });

  it("carries the auth middleware's reason on connect_error, and whether it retries", () => {
    client.connect();
    socket.serverRefuse('invalid token', { code: 'TOKEN_EXPIRED', message: 'El token caducó' });
    socket.serverRefuse('xhr poll error');
    expect(seen.map((s) => s.args[0])).toEqual([
      {
        message: 'invalid token',
        data: { code: 'TOKEN_EXPIRED', message: 'El token caducó' },
        willRetry: false,
      },
      { message: 'xhr poll error', data: undefined, willRetry: true },
    ]);
  });

  it('joins with an ack timeout and returns the checked history and members', async () => {
    client.connect();
    socket.serverConnect();
    const joined = client.join('general');
    const emit = socket.last('chat:join');
    expect(emit.args).toEqual([{ room: 'general' }]);
    expect(emit.timeoutMs).toBe(1234);
    emit.resolve!({
      ok: true,
      room: 'general',
      history: [hello, { id: 'bad' }],
      members: [ana, 'nobody'],
    });
    await expect(joined).resolves.toEqual({
      ok: true,
      room: 'general',
      history: [hello],
      members: [ana],
    });
  });

  it("passes the server's refusals through with their code", async () => {
    client.connect();
    socket.serverConnect();
    const joined = client.join('instructors');
    socket.last('chat:join').resolve!({ ok: false, code: 'FORBIDDEN', error: 'Solo docentes' });
    await expect(joined).resolves.toEqual({ ok: false, code: 'FORBIDDEN', error: 'Solo docentes' });
    const sent = client.send('general', 'x');
    socket.last('chat:message').resolve!({ ok: true, message: { nonsense: 1 } });
    await expect(sent).resolves.toMatchObject({ ok: false, error: /no válida/ });
  });

  it('turns a missing ack into an error that says which event timed out', async () => {
    client.connect();
    socket.serverConnect();
    const left = client.leave('general');
    socket.last('chat:leave').reject!(new Error('operation has timed out'));
    await expect(left).rejects.toThrow('El servidor no respondió a chat:leave en 1234 ms');
  });

  it('refuses to emit without a connection instead of buffering', async () => {
    await expect(client.send('general', 'hola')).rejects.toThrow(/No hay conexión/);
    client.typing('general');
    expect(socket.emits).toEqual([]);
  });

  it('emits typing and forwards valid server events only', () => {
    client.connect();
    socket.serverConnect();
    client.typing('general');
    expect(socket.last('chat:typing').args).toEqual([{ room: 'general' }]);
    socket.fire('chat:message', hello);
    socket.fire('chat:message', { ...hello, from: null });
    socket.fire('chat:presence', { room: 'general', members: [ana] });
    socket.fire('chat:typing', { room: 'general', user: ana });
    socket.fire('chat:typing', { room: 'general' });
    expect(seen.slice(1).map((s) => [s.event, s.args[0]])).toEqual([
      ['message', hello],
      ['presence', { room: 'general', members: [ana] }],
      ['typing', { room: 'general', user: ana }],
    ]);
  });

  it('says whether socket.io-client will reconnect after a disconnection', () => {
    client.connect();
    socket.serverConnect();
    socket.serverDisconnect('transport close');
    socket.serverDisconnect('io server disconnect');
    expect(seen.filter((s) => s.event === 'disconnect').map((s) => s.args[0])).toEqual([
      { reason: 'transport close', willReconnect: true },
      { reason: 'io server disconnect', willReconnect: false },
    ]);
  });

  it('renews in place with auth:renew and checks the ack', async () => {
    client.connect();
    socket.serverConnect();
    const renewing = client.renew('tok-2');
    expect(socket.last('auth:renew').args).toEqual([{ token: 'tok-2' }]);
    expect(socket.last('auth:renew').timeoutMs).toBe(1234);
    socket.last('auth:renew').resolve!({ ok: true, expiresIn: 3600 });
    await expect(renewing).resolves.toEqual({ ok: true, expiresIn: 3600 });
    const other = client.renew('tok-de-luis');
    socket.last('auth:renew').resolve!({ ok: false, code: 'UNAUTHORIZED', error: 'otro usuario' });
    await expect(other).resolves.toEqual({
      ok: false,
      code: 'UNAUTHORIZED',
      error: 'otro usuario',
    });
    const odd = client.renew('tok-3');
    socket.last('auth:renew').resolve!({ ok: true, expiresIn: 'mucho' });
    await expect(odd).resolves.toMatchObject({ ok: false, code: 'INVALID' });
  });

  it('surfaces auth:expired with the server reason (or a default for an unreadable one)', () => {
    const expired: unknown[] = [];
    client.on('expired', (data) => expired.push(data));
    socket.fire('auth:expired', { code: 'TOKEN_EXPIRED', message: 'Tu token ha caducado' });
    socket.fire('auth:expired', 'basura');
    expect(expired).toEqual([
      { code: 'TOKEN_EXPIRED', message: 'Tu token ha caducado' },
      { code: 'TOKEN_EXPIRED', message: 'El token ha caducado.' },
    ]);
  });

  it('close removes every listener and disconnects', () => {
    client.connect();
    client.close();
    expect(socket.listenerCount).toBe(0);
    expect(socket.disconnectCalls).toBe(1);
  });
});
