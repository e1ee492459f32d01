import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HandshakeReport } from '../../protocol';
import { settle } from '../../transports/testing/fakes';
import { WebSocketHarness } from '../../transports/testing/websocket-harness';
import { WS_GUID, type Sha1 } from './accept-key';
import { createHandshakeStore, type HandshakeStore } from './handshake-store';

const nodeSha1: Sha1 = async (data) => {
  const digest = createHash('sha1').update(data).digest();
  return digest.buffer.slice(digest.byteOffset, digest.byteOffset + digest.byteLength);
};

function report(
  key: string,
  accept = createHash('sha1')
    .update(key + WS_GUID)
    .digest('base64'),
) {
  return {
    request: {
      method: 'GET',
      url: '/ws?inspect=handshake',
      httpVersion: '1.1',
      headers: [
        ['Host', '127.0.0.1:3001'],
        ['Sec-WebSocket-Key', key],
      ],
    },
    response: {
      statusLine: 'HTTP/1.1 101 Switching Protocols',
      headers: [['Sec-WebSocket-Accept', accept]],
    },
  } satisfies HandshakeReport;
}

describe('handshake store', () => {
  let h: WebSocketHarness;
  let store: HandshakeStore;

  beforeEach(() => {
    h = new WebSocketHarness({ inspect: 'handshake' });
    store = createHandshakeStore('http://localhost:8787', h.client, nodeSha1);
    store.start();
  });

  afterEach(() => store.stop());

  it('asks the server for the handshake report', () => {
    expect(h.socket().url).toBe('ws://localhost:8787/ws?inspect=handshake');
  });

  it('recomputes Sec-WebSocket-Accept from the key and says it matches the server', async () => {
    h.socket().open();
    h.socket().receive({ type: 'handshake', handshake: report('dGhlIHNhbXBsZSBub25jZQ==') });
    h.socket().receive({ type: 'subscribed', channel: 'demo' });
    await settle();
    const state = store.get();
    expect(state.connection).toBe('connected');
    expect(state.handshakes).toBe(1);
    expect(state.check).toMatchObject({
      status: 'done',
      server: 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=',
      match: true,
      steps: { accept: 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=' },
    });
  });

  it('says so when the server value does not match', async () => {
    h.socket().open();
    h.socket().receive({ type: 'handshake', handshake: report('dGhlIHNhbXBsZSBub25jZQ==', 'x=') });
    await settle();
    expect(store.get().check).toMatchObject({ status: 'done', server: 'x=', match: false });
  });

  it('reports no Web Crypto instead of failing when there is no SHA-1 to use', async () => {
    store.stop();
    h = new WebSocketHarness({ inspect: 'handshake' });
    store = createHandshakeStore('http://localhost:8787', h.client, null);
    store.start();
    h.socket().open();
    h.socket().receive({ type: 'handshake', handshake: report('dGhlIHNhbXBsZSBub25jZQ==') });
    await settle();
    expect(store.get().check).toEqual({ status: 'unsupported' });
    expect(store.get().report).not.toBeNull();
  });

  it('repeats the handshake on a new socket and remembers the previous key', async () => {
    h.socket().open();
    h.socket().receive({ type: 'handshake', handshake: report('a2V5LW51bWJlci1vbmUhIQ==') });
    await settle();
    const first = h.socket();
    store.repeat();
    expect(first.closeCalls).toHaveLength(1);
    expect(h.fake.instances).toHaveLength(2);
    h.socket().open();
    h.socket().receive({ type: 'handshake', handshake: report('a2V5LW51bWJlci10d28hIQ==') });
    await settle();
    expect(store.get()).toMatchObject({
      handshakes: 2,
      previousKey: 'a2V5LW51bWJlci1vbmUhIQ==',
      check: { status: 'done', match: true, steps: { key: 'a2V5LW51bWJlci10d28hIQ==' } },
    });
  });

  it('stops listening and closes the socket on stop', () => {
    h.socket().open();
    store.stop();
    h.socket().receive({ type: 'handshake', handshake: report('dGhlIHNhbXBsZSBub25jZQ==') });
    expect(store.get().report).toBeNull();
    expect(h.socket().closeCalls).toHaveLength(1);
  });
});
