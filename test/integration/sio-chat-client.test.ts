import { io } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { createChatClient, type ChatClient } from '../../src/chat/chat-client';
import type { ConnectFailure } from '../../src/chat/namespace-socket';
import type { NamespaceIo } from '../../src/chat/namespace-socket';
import { createNotificationsClient } from '../../src/chat/notifications-client';
import { requestToken } from '../../src/chat/token-client';
import { createTokenRenewer } from '../../src/chat/token-renewer';
import { systemClock } from '../../src/transports';
import {
  CHAT_LIMITS,
  type ChatMessage,
  type ChatUser,
  type Notification,
} from '../../src/protocol';
import { startDemoServer, type RunningServer } from '../support/demo-server';
import { Inbox } from '../support/inbox';
import { createCleanup, stopServer } from '../support/lifecycle';

const realIo: NamespaceIo = (uri, options) => io(uri, options);
const cleanup = createCleanup();
afterEach(() => cleanup.run());

async function start(): Promise<RunningServer> {
  const server = await startDemoServer();
  cleanup.defer(() => stopServer(server));
  return server;
}

/** The site's chat client for a new student, connected, with inboxes of what it receives. */
async function student(server: RunningServer, name: string) {
  const answer = await requestToken(server.url, { name }, fetch);
  const client = createChatClient({
    baseUrl: server.url,
    io: realIo,
    getToken: () => answer.token,
    forceNew: true,
  });
  cleanup.add(client);
  const messages = new Inbox<ChatMessage>();
  const typing = new Inbox<{ room: string; user: ChatUser }>();
  const presence = new Inbox<{ room: string; members: ChatUser[] }>();
  client.on('message', (m) => messages.push(m));
  client.on('typing', (t) => typing.push(t));
  client.on('presence', (p) => presence.push(p));
  await connected(client);
  return { client, user: answer.user, token: answer.token, messages, typing, presence };
}

function connected(client: ChatClient): Promise<void> {
  return new Promise((resolve, reject) => {
    const off = [
      client.on('connect', () => (off.forEach((f) => f()), resolve())),
      client.on('connect_error', (f) => (off.forEach((g) => g()), reject(new Error(f.message)))),
    ];
    client.connect();
  });
}

describe('the site’s chat clients against the real demo server', () => {
  it('two students in one room see each other’s messages, typing and presence; history on join', async () => {
    const server = await start();
    const ana = await student(server, 'Ana');
    const luis = await student(server, 'Luis');
    const joinedAna = await ana.client.join('general');
    expect(joinedAna).toMatchObject({ ok: true, room: 'general', members: [ana.user] });
    const joinedLuis = await luis.client.join('general');
    expect(joinedLuis.ok && joinedLuis.members.map((m) => m.name).sort()).toEqual(['Ana', 'Luis']);
    await ana.presence.next((p) => p.members.length === 2);

    const sent = await ana.client.send('general', '<img src=x onerror=alert(1)>');
    expect(sent).toMatchObject({ ok: true, message: { room: 'general', from: ana.user } });
    const got = await luis.messages.next();
    expect(got.text).toBe('<img src=x onerror=alert(1)>');
    expect(sent.ok && got.id).toBe(sent.ok && sent.message.id);

    luis.client.typing('general');
    expect((await ana.typing.next()).user).toEqual(luis.user);

    const eva = await student(server, 'Eva');
    const joinedEva = await eva.client.join('general');
    expect(joinedEva.ok && joinedEva.history.map((m) => m.text)).toEqual([
      '<img src=x onerror=alert(1)>',
    ]);
  });

  it('refusals come back as acks with their codes', async () => {
    const server = await start();
    const ana = await student(server, 'Ana');
    expect(await ana.client.join('instructors')).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await ana.client.send('dudas', 'hola')).toMatchObject({ ok: false, code: 'NOT_MEMBER' });
    await ana.client.join('dudas');
    const tooLong = 'x'.repeat(CHAT_LIMITS.maxTextLength + 1);
    expect(await ana.client.send('dudas', tooLong)).toMatchObject({ ok: false, code: 'INVALID' });
    const burst = await Promise.all(
      Array.from({ length: 8 }, (_, i) => ana.client.send('dudas', `m${i}`)),
    );
    expect(burst.filter((a) => !a.ok).map((a) => !a.ok && a.code)).toContain('RATE_LIMITED');
  });

  it('a refused handshake says why, and the token is read again on the next attempt', async () => {
    const server = await start();
    const good = await requestToken(server.url, { name: 'Ana' }, fetch);
    let token = 'not-a-token';
    const client = cleanup.add(
      createChatClient({ baseUrl: server.url, io: realIo, getToken: () => token, forceNew: true }),
    );
    const failure = await new Promise<ConnectFailure>((resolve) => {
      client.on('connect_error', resolve);
      client.connect();
    });
    expect(failure).toMatchObject({ data: { code: 'UNAUTHORIZED' }, willRetry: false });
    token = good.token;
    await connected(client);
    expect(client.connected).toBe(true);
  });

  it('a notification to myself reaches every tab of mine, and only an instructor may tell everyone', async () => {
    const server = await start();
    const ana = await requestToken(server.url, { name: 'Ana' }, fetch);
    const inbox = new Inbox<Notification>();
    const tabs = [1, 2].map(() => {
      const tab = cleanup.add(
        createNotificationsClient({
          baseUrl: server.url,
          io: realIo,
          getToken: () => ana.token,
          forceNew: true,
        }),
      );
      tab.on('notification', (n) => inbox.push(n));
      return tab;
    });
    await Promise.all(
      tabs.map(
        (tab) =>
          new Promise<void>((resolve) => {
            tab.on('connect', resolve);
            tab.connect();
          }),
      ),
    );
    expect(await tabs[0]!.notifyUser(ana.user.id, 'hola')).toEqual({ ok: true, delivered: 2 });
    const [a, b] = [await inbox.next(), await inbox.next()];
    expect(a).toMatchObject({ scope: 'user', text: 'hola', from: ana.user });
    expect(b!.id).toBe(a.id);
    expect(await tabs[1]!.notifyAll('aviso')).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  it('the renewer keeps a connection with 2 s tokens open past several expiries; without it the server cuts it', async () => {
    const server = await start();
    const first = await requestToken(server.url, { name: 'Ana', expiresIn: 2 }, fetch);
    let token = first.token;
    const client = cleanup.add(
      createChatClient({ baseUrl: server.url, io: realIo, getToken: () => token, forceNew: true }),
    );
    const expired = new Inbox<unknown>();
    client.on('expired', (data) => expired.push(data));
    await connected(client);
    const renewals: number[] = [];
    const failures: string[] = [];
    const renewer = createTokenRenewer({
      baseUrl: server.url,
      fetch,
      clock: systemClock,
      expiresIn: 2,
      targets: () => [client],
      onRenewed: (answer, expiresAt) => {
        token = answer.token;
        renewals.push(expiresAt);
      },
      onFailed: (reason) => failures.push(reason),
    });
    cleanup.defer(() => renewer.stop());
    renewer.schedule(token, Date.now() + first.expiresIn * 1000);
    await new Promise((resolve) => setTimeout(resolve, 4_500));
    expect(failures.join(' | ')).toBe('');
    expect(renewals.length).toBeGreaterThanOrEqual(2);
    expect(client.connected).toBe(true);
    expect(expired.all).toEqual([]);
    expect(await client.join('general')).toMatchObject({ ok: true });
    // Stop renewing: the server cuts the connection at the last token's exp.
    renewer.stop();
    expect(await expired.next(undefined, 3_000)).toMatchObject({ code: 'TOKEN_EXPIRED' });
  });
});
