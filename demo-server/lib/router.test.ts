import { describe, expect, it } from 'vitest';
import { HttpError } from './http-json';
import { Router, type RouteHandler } from './router';

const url = (path: string) => new URL(path, 'http://127.0.0.1:3001');

/** A router with the demo server's route shapes; each handler is a distinct function. */
function createRouter() {
  const router = new Router();
  const handlers = {
    poll: (() => {}) as RouteHandler,
    publish: (() => {}) as RouteHandler,
    history: (() => {}) as RouteHandler,
    health: (() => {}) as RouteHandler,
    pair: (() => {}) as RouteHandler,
  };
  router.add('GET', '/poll/:channel', handlers.poll);
  router.add('POST', '/channels/:channel/messages', handlers.publish);
  router.add('GET', '/channels/:channel/messages', handlers.history);
  router.add('GET', '/health', handlers.health);
  router.add('GET', '/pair/:left/:right', handlers.pair);
  return { router, handlers };
}

function httpErrorOf(action: () => unknown): HttpError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(HttpError);
    return error as HttpError;
  }
  throw new Error('expected an HttpError, nothing was thrown');
}

describe('Router', () => {
  it('matches a path and extracts its parameters', () => {
    const { router, handlers } = createRouter();
    expect(router.match('GET', url('/poll/news'))).toEqual({
      handler: handlers.poll,
      params: { channel: 'news' },
    });
    expect(router.match('GET', url('/pair/a/b'))).toEqual({
      handler: handlers.pair,
      params: { left: 'a', right: 'b' },
    });
    expect(router.match('GET', url('/health'))).toEqual({ handler: handlers.health, params: {} });
  });

  it('percent-decodes parameters', () => {
    const { router } = createRouter();
    expect(router.match('GET', url('/pair/un%20dos/tr%C3%A9s'))?.params).toEqual({
      left: 'un dos',
      right: 'trés',
    });
  });

  it('ignores the query string', () => {
    const { router, handlers } = createRouter();
    expect(router.match('GET', url('/poll/news?after=1-0'))?.handler).toBe(handlers.poll);
  });

  it('picks the route of the request method when a path has several', () => {
    const { router, handlers } = createRouter();
    expect(router.match('POST', url('/channels/news/messages'))?.handler).toBe(handlers.publish);
    expect(router.match('GET', url('/channels/news/messages'))?.handler).toBe(handlers.history);
  });

  it('returns null when no route has the path', () => {
    const { router } = createRouter();
    expect(router.match('GET', url('/nope'))).toBeNull();
    expect(router.match('GET', url('/poll/news/extra'))).toBeNull();
    expect(router.match('GET', url('/poll/'))).toBeNull();
  });

  it('answers 405 when the path exists but not for that method', () => {
    const { router } = createRouter();
    const error = httpErrorOf(() => router.match('DELETE', url('/poll/news')));
    expect(error.status).toBe(405);
    expect(error.message).toContain('DELETE');
    expect(httpErrorOf(() => router.match('POST', url('/health'))).status).toBe(405);
  });

  it.each(['News', 'a%2Fb', '-news', '%5Fnews', 'x'.repeat(65), 'caf%C3%A9'])(
    'answers 400 for the invalid channel name %j',
    (channel) => {
      const { router } = createRouter();
      const error = httpErrorOf(() => router.match('GET', url(`/poll/${channel}`)));
      expect(error.status).toBe(400);
      expect(error.message).toMatch(/invalid channel name/);
    },
  );

  it.each(['a', 'news', 'room:42', 'chat_1-b', 'x'.repeat(64)])(
    'accepts the channel name %j',
    (channel) => {
      const { router } = createRouter();
      expect(router.match('GET', url(`/poll/${channel}`))?.params).toEqual({ channel });
    },
  );

  it('lets HEAD use GET routes, and only GET routes', () => {
    const { router, handlers } = createRouter();
    expect(router.match('HEAD', url('/poll/news'))?.handler).toBe(handlers.poll);
    expect(router.match('HEAD', url('/health'))?.handler).toBe(handlers.health);
    const router2 = new Router();
    router2.add('POST', '/only-post', () => {});
    expect(httpErrorOf(() => router2.match('HEAD', url('/only-post'))).status).toBe(405);
  });
});

describe('Router with a read refusal', () => {
  it('answers 403 for a refused channel before the handler runs, and leaves others alone', () => {
    const router = new Router((channel) => (channel.startsWith('chat:') ? 'private' : null));
    router.add('GET', '/poll/:channel', () => {});
    const error = httpErrorOf(() => router.match('GET', url('/poll/chat:general')));
    expect(error.status).toBe(403);
    expect(error.message).toBe('private');
    expect(router.match('GET', url('/poll/general'))?.params).toEqual({ channel: 'general' });
  });
});
