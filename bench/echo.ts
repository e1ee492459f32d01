import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { PATHS, type SocketIoClientEvents, type SocketIoServerEvents } from '../src/protocol';

/** A round trip the benchmark can repeat: resolves when the answer is back. */
interface EchoTarget {
  name: string;
  once(): Promise<void>;
  close(): void;
}

/** Opens a `ws` socket and resolves when it is open. */
function openSocket(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { perMessageDeflate: false });
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Sends one text frame and waits for the next frame that comes back. */
function wsRoundTrip(socket: WebSocket, text: string): Promise<void> {
  return new Promise((resolve) => {
    socket.once('message', () => resolve());
    socket.send(text);
  });
}

/** The same small JSON goes everywhere, so every target carries the same payload. */
const pingText = (t: number) => JSON.stringify({ type: 'ping', t });

/** `ws-echo`: the minimal ws server sends the frame straight back. */
async function wsEchoTarget(port: number): Promise<EchoTarget> {
  const socket = await openSocket(`ws://127.0.0.1:${port}`);
  let t = 0;
  return {
    name: 'ws-echo',
    once: () => wsRoundTrip(socket, pingText(t++)),
    close: () => socket.close(),
  };
}

/** `websocket`: the demo server's `/ws` answers `{type:'ping'}` with `{type:'pong'}`. */
async function demoWebSocketTarget(baseUrl: string): Promise<EchoTarget> {
  const socket = await openSocket(`${baseUrl.replace(/^http/, 'ws')}${PATHS.websocket}`);
  let t = 0;
  return {
    name: 'websocket',
    once: () => wsRoundTrip(socket, pingText(t++)),
    close: () => socket.close(),
  };
}

/** `socket-io`: the demo server's Socket.IO `ping` event, answered through an acknowledgement. */
async function socketIoTarget(baseUrl: string): Promise<EchoTarget> {
  const socket: Socket<SocketIoServerEvents, SocketIoClientEvents> = io(baseUrl, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  let t = 0;
  return {
    name: 'socket-io',
    once: () => new Promise<void>((resolve) => socket.emit('ping', { t: t++ }, () => resolve())),
    close: () => socket.disconnect(),
  };
}

/** An HTTP GET on a keep-alive connection (Node's fetch keeps connections alive by default). */
function httpTarget(name: string, url: string): EchoTarget {
  return {
    name,
    once: async () => {
      await (await fetch(url)).text();
    },
    close: () => {},
  };
}

/** Round-trip times (ms) per target, measured in turns so machine noise hits all alike. */
export async function measureEchoes(options: {
  baseUrl: string;
  baselines: { ws: number; http: number };
  samples: number;
  warmup: number;
}): Promise<Record<string, number[]>> {
  const targets = [
    await wsEchoTarget(options.baselines.ws),
    await demoWebSocketTarget(options.baseUrl),
    await socketIoTarget(options.baseUrl),
    httpTarget('http-get', `http://127.0.0.1:${options.baselines.http}/`),
    httpTarget('http-time', `${options.baseUrl}${PATHS.time}`),
  ];
  const times: Record<string, number[]> = Object.fromEntries(targets.map((t) => [t.name, []]));
  try {
    for (let round = 0; round < options.warmup + options.samples; round++) {
      // Rotate the order each round: no target always goes first after an idle gap.
      for (let i = 0; i < targets.length; i++) {
        const target = targets[(round + i) % targets.length]!;
        const started = performance.now();
        await target.once();
        if (round >= options.warmup) times[target.name]!.push(performance.now() - started);
      }
    }
  } finally {
    for (const target of targets) target.close();
  }
  return times;
}
