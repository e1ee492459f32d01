import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatAck, TokenResponse } from '../protocol';
import { FakeFetch, ManualClock, settle } from '../transports/testing/fakes';
import { createTokenRenewer, type Renewable, type TokenRenewer } from './token-renewer';

const ana = { id: 'u1', name: 'Ana', role: 'student' as const };

/** A connection whose `auth:renew` acks the test answers by hand. */
class FakeRenewable implements Renewable {
  connected = true;
  readonly tokens: string[] = [];
  private answers: ((ack: ChatAck<{ expiresIn: number }>) => void)[] = [];
  renew = (token: string) => {
    this.tokens.push(token);
    return new Promise<ChatAck<{ expiresIn: number }>>((resolve) => this.answers.push(resolve));
  };
  async answer(ack: ChatAck<{ expiresIn: number }>) {
    this.answers.shift()!(ack);
    await settle();
  }
}

describe('token renewer', () => {
  let clock: ManualClock;
  let fetch: FakeFetch;
  let chat: FakeRenewable;
  let notifications: FakeRenewable;
  let renewed: { answer: TokenResponse; expiresAt: number }[];
  let failures: string[];
  let renewer: TokenRenewer;

  beforeEach(() => {
    clock = new ManualClock();
    fetch = new FakeFetch();
    chat = new FakeRenewable();
    notifications = new FakeRenewable();
    renewed = [];
    failures = [];
    renewer = createTokenRenewer({
      baseUrl: 'http://localhost:3001',
      fetch: fetch.fetch,
      clock,
      targets: () => [chat, notifications],
      onRenewed: (answer, expiresAt) => renewed.push({ answer, expiresAt }),
      onFailed: (reason) => failures.push(reason),
    });
  });

  afterEach(() => renewer.stop());

  it('refreshes at 80 % of the lifetime, keeps the new token, then renews every open connection', async () => {
    renewer.schedule('tok-1', clock.now() + 100_000);
    await clock.advance(79_999);
    expect(fetch.requests).toHaveLength(0);
    await clock.advance(1);
    expect(fetch.last.url).toBe('http://localhost:3001/auth/refresh');
    expect(fetch.last.headers).toEqual({ Authorization: 'Bearer tok-1' });
    await fetch.last.respond(200, { token: 'tok-2', expiresIn: 3600, user: ana });
    expect(renewed).toEqual([
      {
        answer: { token: 'tok-2', expiresIn: 3600, user: ana },
        expiresAt: clock.now() + 3_600_000,
      },
    ]);
    expect(chat.tokens).toEqual(['tok-2']);
    expect(notifications.tokens).toEqual(['tok-2']);
    await chat.answer({ ok: true, expiresIn: 3600 });
    await notifications.answer({ ok: true, expiresIn: 3600 });
    expect(failures).toEqual([]);
    // The next renewal is scheduled from the new token's lifetime, with the new token.
    expect(clock.pendingDelays).toEqual([2_880_000]);
    await clock.advance(2_880_000);
    expect(fetch.last.headers).toEqual({ Authorization: 'Bearer tok-2' });
  });

  it('skips a connection that is not open: it sends the new token on its next handshake', async () => {
    notifications.connected = false;
    renewer.schedule('tok-1', clock.now() + 10_000);
    await clock.advance(8_000);
    await fetch.last.respond(200, { token: 'tok-2', expiresIn: 10, user: ana });
    expect(chat.tokens).toEqual(['tok-2']);
    expect(notifications.tokens).toEqual([]);
    expect(renewed).toHaveLength(1);
  });

  it('asks for the lifetime it was given', async () => {
    renewer.stop();
    renewer = createTokenRenewer({
      baseUrl: 'http://localhost:3001',
      fetch: fetch.fetch,
      clock,
      expiresIn: 5,
      targets: () => [],
      onRenewed: () => {},
      onFailed: () => {},
    });
    renewer.schedule('tok-1', clock.now() + 5_000);
    await clock.advance(4_000);
    expect(JSON.parse(fetch.last.body!)).toEqual({ expiresIn: 5 });
  });

  it('reports a refused auth:renew, and a failed refresh it retries while time is left', async () => {
    renewer.schedule('tok-1', clock.now() + 100_000);
    await clock.advance(80_000);
    await fetch.last.fail();
    expect(failures).toEqual([expect.stringMatching(/Sin conexión/)]);
    await clock.advance(5_000);
    expect(fetch.requests).toHaveLength(2);
    await fetch.last.respond(200, { token: 'tok-2', expiresIn: 60, user: ana });
    await chat.answer({ ok: false, code: 'UNAUTHORIZED', error: 'ese token es de otro usuario' });
    await notifications.answer({ ok: true, expiresIn: 60 });
    expect(failures.at(-1)).toBe('auth:renew: ese token es de otro usuario');
  });

  it('gives up on a 401 (the token is no good) and does nothing after stop', async () => {
    renewer.schedule('tok-1', clock.now() + 100_000);
    await clock.advance(80_000);
    await fetch.last.respond(401, { error: 'el token ha caducado' });
    expect(failures).toEqual([expect.stringMatching(/caducado/)]);
    expect(clock.pendingTimers).toBe(0);
    renewer.schedule('tok-1', clock.now() + 10_000);
    await clock.advance(8_000);
    renewer.stop();
    await fetch.last.respond(200, { token: 'tok-2', expiresIn: 60, user: ana });
    expect(renewed).toEqual([]);
    expect(clock.pendingTimers).toBe(0);
  });
});
