import WebSocket from 'ws';
import { PATHS, type Envelope, type RaceConfig, type WsServerFrame } from '../src/protocol';
import { createRaceSession, type RaceSnapshot } from '../src/race';
import { nodePlatform } from './node-platform';

/** One measured race plus what the protocol minimum would have cost for its messages. */
export interface RaceRun {
  snapshot: RaceSnapshot;
  /** Mean bytes per message at the protocol minimum: WebSocket frame, SSE event (+ chunk framing). */
  minimumBytes: { websocket: number; sse: number };
}

/** Bytes of one small unmasked server frame: the 2-byte header (RFC 6455 §5.2) plus the payload. */
function wsFrameBytes(payloadBytes: number): number {
  return payloadBytes + (payloadBytes < 126 ? 2 : payloadBytes < 65_536 ? 4 : 10);
}

/** Bytes of one SSE event as the server writes it, inside its HTTP/1.1 chunk (`<hex>\r\n...\r\n`). */
function sseEventBytes(message: Envelope): number {
  const event = Buffer.byteLength(`id: ${message.id}\ndata: ${JSON.stringify(message)}\n\n`);
  return event + event.toString(16).length + 4;
}

/**
 * An untagged observer on the race channel: it sees the exact frames the WebSocket lane gets
 * (the server encodes each message once), without being counted or delayed.
 */
async function observe(baseUrl: string, channel: string) {
  const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}${PATHS.websocket}`);
  const ws: number[] = [];
  const sse: number[] = [];
  socket.on('message', (data: Buffer) => {
    const frame = JSON.parse(data.toString()) as WsServerFrame;
    if (frame.type !== 'message') return;
    ws.push(wsFrameBytes(data.length));
    sse.push(sseEventBytes(frame.message));
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  socket.send(JSON.stringify({ type: 'subscribe', channel }));
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  return {
    minimum: () => ({ websocket: mean(ws), sse: mean(sse) }),
    close: () => socket.close(),
  };
}

/** Runs one race through the site's own clients, on Node's platform. */
export async function runRace(options: {
  baseUrl: string;
  config: RaceConfig;
  shortPollingIntervalMs: number;
}): Promise<RaceRun> {
  let observer: Awaited<ReturnType<typeof observe>> | undefined;
  const session = createRaceSession({
    ...nodePlatform,
    baseUrl: options.baseUrl,
    config: options.config,
    shortPollingIntervalMs: options.shortPollingIntervalMs,
  });
  // The observer subscribes as soon as the race (and so its channel) exists, before it starts.
  const observing = new Promise<void>((resolve) => {
    const off = session.onUpdate(() => {
      const { race } = session.snapshot();
      if (!race || observer) return;
      off();
      void observe(options.baseUrl, race.channel).then((o) => {
        observer = o;
        resolve();
      });
    });
  });
  const snapshot = await session.run();
  await Promise.race([observing, Promise.resolve()]);
  observer?.close();
  if (snapshot.phase !== 'done')
    throw new Error(`the race ended in ${snapshot.phase}: ${snapshot.error ?? ''}`);
  return { snapshot, minimumBytes: observer?.minimum() ?? { websocket: NaN, sse: NaN } };
}
