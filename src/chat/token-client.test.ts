import { describe, expect, it } from 'vitest';
import type { FetchLike } from '../transports/platform';
import { refreshToken, requestToken, TokenRequestError } from './token-client';

function answering(status: number, body: string, calls: unknown[] = []): FetchLike {
  return async (url, init) => {
    calls.push({ url, init });
    return {
      ok: status >= 200 && status < 300,
      status,
      text: async () => body,
    } as Awaited<ReturnType<FetchLike>>;
  };
}

describe('requestToken', () => {
  it('posts the request as JSON to /auth/token and returns the answer', async () => {
    const calls: { url: string; init: { method: string; body: string } }[] = [];
    const answer = {
      token: 'a.b.c',
      expiresIn: 3600,
      user: { id: 'u1', name: 'Ana', role: 'student' },
    };
    const result = await requestToken(
      'http://localhost:8787/base/',
      { name: 'Ana' },
      answering(200, JSON.stringify(answer), calls),
    );
    expect(result).toEqual(answer);
    expect(calls[0]!.url).toBe('http://localhost:8787/base/auth/token');
    expect(calls[0]!.init.method).toBe('POST');
    expect(JSON.parse(calls[0]!.init.body)).toEqual({ name: 'Ana' });
  });

  it("carries the server's reason and status when refused", async () => {
    const refused = requestToken(
      'http://localhost:8787',
      { name: '' },
      answering(400, JSON.stringify({ error: 'name: demasiado corto' })),
    );
    await expect(refused).rejects.toThrow(/demasiado corto/);
    await expect(refused).rejects.toMatchObject({ status: 400 });
  });

  it('says there is no connection when fetch throws', async () => {
    const offline: FetchLike = async () => {
      throw new Error('ECONNREFUSED');
    };
    const error = await requestToken('http://localhost:1', { name: 'Ana' }, offline).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TokenRequestError);
    expect((error as TokenRequestError).status).toBe(0);
    expect((error as Error).message).toMatch(/Sin conexión/);
  });

  it('refuses an answer without a token', async () => {
    await expect(
      requestToken('http://localhost:8787', { name: 'Ana' }, answering(200, '{"ok":true}')),
    ).rejects.toThrow(/no válida/);
  });
});

describe('refreshToken', () => {
  const answer = {
    token: 'n.e.w',
    expiresIn: 60,
    user: { id: 'u1', name: 'Ana', role: 'student' },
  };

  it('posts the current token as a Bearer to /auth/refresh, with no body by default', async () => {
    const calls: { url: string; init: { method: string; headers: object; body?: string } }[] = [];
    const result = await refreshToken(
      'http://localhost:8787/base/',
      'o.l.d',
      answering(200, JSON.stringify(answer), calls),
    );
    expect(result).toEqual(answer);
    expect(calls[0]!.url).toBe('http://localhost:8787/base/auth/refresh');
    expect(calls[0]!.init.method).toBe('POST');
    expect(calls[0]!.init.headers).toEqual({ Authorization: 'Bearer o.l.d' });
    expect(calls[0]!.init).not.toHaveProperty('body');
  });

  it('asks for a lifetime as JSON when given one', async () => {
    const calls: { init: { headers: object; body: string } }[] = [];
    await refreshToken(
      'http://localhost:8787',
      'o.l.d',
      answering(200, JSON.stringify(answer), calls),
      5,
    );
    expect(calls[0]!.init.headers).toMatchObject({ 'Content-Type': 'application/json' });
    expect(JSON.parse(calls[0]!.init.body)).toEqual({ expiresIn: 5 });
  });

  it("carries the server's 401 reason, and a network failure as status 0", async () => {
    const expired = refreshToken(
      'http://localhost:8787',
      'o.l.d',
      answering(401, JSON.stringify({ error: 'el token ha caducado' })),
    );
    await expect(expired).rejects.toMatchObject({
      status: 401,
      message: expect.stringMatching(/no renovó el token: el token ha caducado/),
    });
    const offline = refreshToken('http://localhost:8787', 'o.l.d', async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(offline).rejects.toMatchObject({ status: 0 });
    await expect(offline).rejects.toBeInstanceOf(TokenRequestError);
  });

  it('refuses an answer without a token', async () => {
    await expect(
      refreshToken('http://localhost:8787', 'o.l.d', answering(200, '{"expiresIn":5}')),
    ).rejects.toThrow(/no válida/);
  });
});
