import { describe, expect, it } from 'vitest';
import { TRANSPORT_IDS } from '../protocol';
import { createClient, resolveServerUrl } from './create-client';
import {
  createFakeEventSource,
  createFakeIo,
  createFakeWebSocket,
  FakeFetch,
  ManualClock,
} from './testing/fakes';
import { httpUrl, wsUrl } from './url';

describe('createClient', () => {
  const dependencies = () => ({
    baseUrl: 'http://localhost:8787',
    channel: 'demo',
    clock: new ManualClock(),
    fetch: new FakeFetch().fetch,
    EventSource: createFakeEventSource().EventSource,
    WebSocket: createFakeWebSocket().WebSocket,
    io: createFakeIo().io,
  });

  it.each(TRANSPORT_IDS)('creates the %s client, idle until started', (id) => {
    const client = createClient(id, dependencies());
    expect(client.transport).toBe(id);
    expect(client.state).toBe('idle');
  });

  it('names the missing dependency', () => {
    const { fetch: _fetch, ...withoutFetch } = dependencies();
    expect(() => createClient('sse', withoutFetch)).toThrow("createClient('sse') needs fetch");
    const { WebSocket: _ws, ...withoutWebSocket } = dependencies();
    expect(() => createClient('websocket', withoutWebSocket)).toThrow(
      "createClient('websocket') needs WebSocket",
    );
  });

  it('uses the defaults: 2 s interval, 25 s long-poll hold', async () => {
    const http = new FakeFetch();
    const options = { ...dependencies(), fetch: http.fetch };
    expect(createClient('short-polling', options).intervalMs).toBe(2_000);
    const poller = createClient('long-polling', options);
    poller.start();
    await http.last.respond(200, { messages: [], cursor: '1-0' });
    expect(http.last.url).toBe('http://localhost:8787/long-poll/demo?after=1-0&timeout=25000');
    poller.stop();
  });
});

describe('resolveServerUrl', () => {
  const page = 'https://curso.example.org';

  it('prefers the override, then the build-time URL, then the page origin', () => {
    expect(
      resolveServerUrl({
        pageOrigin: page,
        buildTimeUrl: 'https://demo.example.org',
        override: 'http://localhost:9000',
      }),
    ).toBe('http://localhost:9000');
    expect(
      resolveServerUrl({
        pageOrigin: page,
        buildTimeUrl: 'https://demo.example.org',
        override: null,
      }),
    ).toBe('https://demo.example.org');
    expect(resolveServerUrl({ pageOrigin: page })).toBe(page);
  });

  it('skips empty or unusable values and normalizes the rest', () => {
    expect(resolveServerUrl({ pageOrigin: page, buildTimeUrl: '  ', override: 'ftp://nope' })).toBe(
      page,
    );
    expect(resolveServerUrl({ pageOrigin: page, override: 'localhost:8787' })).toBe(
      'http://localhost:8787',
    );
    expect(
      resolveServerUrl({ pageOrigin: page, buildTimeUrl: 'https://example.org/demo/?x=1' }),
    ).toBe('https://example.org/demo');
    expect(() => resolveServerUrl({ pageOrigin: 'null' })).toThrow(TypeError);
  });
});

describe('URL helpers', () => {
  it('keep a path prefix and drop undefined parameters', () => {
    expect(httpUrl('http://h:1/base/', '/poll/demo', { after: undefined, timeout: 0 })).toBe(
      'http://h:1/base/poll/demo?timeout=0',
    );
    expect(wsUrl('https://h/', '/ws')).toBe('wss://h/ws');
  });

  it('adds the extra query parameters to every request of every transport', async () => {
    const query = { race: 'r1' };
    const http = new FakeFetch();
    const sse = createFakeEventSource();
    const ws = createFakeWebSocket();
    const sio = createFakeIo();
    const options = {
      baseUrl: 'http://localhost:8787',
      channel: 'demo',
      clock: new ManualClock(),
      query,
      fetch: http.fetch,
      EventSource: sse.EventSource,
      WebSocket: ws.WebSocket,
      io: sio.io,
    };
    const clients = TRANSPORT_IDS.map((id) => createClient(id, options));
    for (const client of clients) client.start();
    await Promise.resolve();
    const pollUrls = http.requests.map((request) => new URL(request.url));
    expect(pollUrls.map((url) => url.pathname).sort()).toEqual(['/long-poll/demo', '/poll/demo']);
    for (const url of pollUrls) expect(url.searchParams.get('race')).toBe('r1');
    expect(new URL(sse.instances[0]!.url).searchParams.get('race')).toBe('r1');
    expect(new URL(ws.instances[0]!.url).searchParams.get('race')).toBe('r1');
    expect(sio.calls[0]!.options.query).toEqual({ race: 'r1' });
    for (const client of clients) client.stop();
  });
});
