import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Notification } from '../protocol';
import { createNotificationsClient, type NotificationsClient } from './notifications-client';
import { createFakeNamespaceIo, type FakeNamespaceSocket } from './testing/fake-namespace';

const ana = { id: 'u1', name: 'Ana', role: 'student' as const };

describe('notifications client', () => {
  let client: NotificationsClient;
  let socket: FakeNamespaceSocket;

  beforeEach(() => {
    const fake = createFakeNamespaceIo();
    client = createNotificationsClient({
      baseUrl: 'http://127.0.0.1:3001',
      io: fake.io,
      getToken: () => 'tok',
    });
    socket = fake.sockets[0]!;
  });

  afterEach(() => client.close());

  it('opens /notifications with the token in the handshake', () => {
    expect(socket.uri).toBe('http://127.0.0.1:3001/notifications');
    expect(socket.options.path).toBe('/socket.io/');
    expect(socket.authToken()).toBe('tok');
  });

  it('sends notify:user and notify:all and returns how many sockets got them', async () => {
    client.connect();
    socket.serverConnect();
    const mine = client.notifyUser('u1', 'hola');
    expect(socket.last('notify:user').args).toEqual([{ userId: 'u1', text: 'hola' }]);
    socket.last('notify:user').resolve!({ ok: true, delivered: 3 });
    await expect(mine).resolves.toEqual({ ok: true, delivered: 3 });

    const all = client.notifyAll('aviso');
    socket.last('notify:all').resolve!({ ok: false, code: 'FORBIDDEN', error: 'Solo docentes' });
    await expect(all).resolves.toEqual({ ok: false, code: 'FORBIDDEN', error: 'Solo docentes' });
  });

  it('forwards well-formed notifications only', () => {
    const got: Notification[] = [];
    client.on('notification', (n) => got.push(n));
    const n: Notification = { id: 'n1', scope: 'user', from: ana, text: 'hola', ts: 5 };
    socket.fire('notification', n);
    socket.fire('notification', { ...n, scope: 'everyone' });
    expect(got).toEqual([n]);
  });

  it('renews in place and surfaces auth:expired, like /chat', async () => {
    const expired: unknown[] = [];
    client.on('expired', (data) => expired.push(data));
    client.connect();
    socket.serverConnect();
    const renewing = client.renew('tok-2');
    expect(socket.last('auth:renew').args).toEqual([{ token: 'tok-2' }]);
    socket.last('auth:renew').resolve!({ ok: true, expiresIn: 60 });
    await expect(renewing).resolves.toEqual({ ok: true, expiresIn: 60 });
    socket.fire('auth:expired', { code: 'TOKEN_EXPIRED', message: 'caducado' });
    expect(expired).toEqual([{ code: 'TOKEN_EXPIRED', message: 'caducado' }]);
  });
});
