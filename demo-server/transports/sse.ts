import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { parseMessageId, type Envelope, type SseHello, type SseReplay } from '../../src/protocol';
import { subscribeFrom } from '../bus/subscribe-from';
import { encodeOnce } from '../lib/encode-once';
import { HttpError } from '../lib/http-json';
import type { AdapterContext, TransportAdapter } from './context';

/** One SSE event per message: `id:` for Last-Event-ID, `data:` with the envelope (JSON has no raw newlines). */
const encodeEvent = encodeOnce(
  (message: Envelope) => `id: ${message.id}\ndata: ${JSON.stringify(message)}\n\n`,
);

/**
 * `GET /sse/:channel`: a `text/event-stream` of the channel's messages. A reconnecting
 * EventSource sends `Last-Event-ID` (or a client passes `?lastEventId=`) and first receives what
 * it missed, announced by one `event: replay` with the count.
 */
export function registerSse(ctx: AdapterContext): TransportAdapter {
  // Open streams by connection id, so a client can ask the server to end its own stream.
  const streams = new Map<string, ServerResponse>();

  // Ends one stream as a network failure would; the browser's EventSource then reconnects by
  // itself with Last-Event-ID (lesson 4 shows it).
  ctx.routes.add('POST', '/sse-connections/:id/drop', ({ res, params }) => {
    const stream = streams.get(params.id!);
    if (!stream)
      throw new HttpError(404, `no open SSE stream with id "${params.id!.slice(0, 40)}"`);
    stream.end();
    res.writeHead(204).end();
  });

  ctx.routes.add('GET', '/sse/:channel', async ({ req, res, url, params }) => {
    const lastEventId = readLastEventId(
      req.headers['last-event-id'] ?? url.searchParams.get('lastEventId') ?? undefined,
    );
    if (ctx.connections.full) throw new HttpError(503, 'the server has too many open connections');

    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store, no-transform',
      Connection: 'keep-alive',
      // Tells nginx-style proxies not to buffer the stream.
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
    if (req.method === 'HEAD') return void res.end();
    res.write(`retry: ${ctx.config.sseRetryMs}\n: connected to ${params.channel}\n\n`);

    let unsubscribe: (() => void) | null = null;
    let closed = false;
    const connectionId = randomUUID();
    streams.set(connectionId, res);
    const untrack = ctx.connections.track('sse', () => res.end());
    // Proxies and browsers close a stream that stays silent; a comment line keeps it open.
    const write = (chunk: string) => writeOrDrop(res, chunk, ctx.config.maxQueuedBytes);
    const heartbeat = setInterval(() => write(': heartbeat\n\n'), ctx.config.sseHeartbeatMs);
    res.on('close', () => {
      closed = true;
      streams.delete(connectionId);
      clearInterval(heartbeat);
      unsubscribe?.();
      untrack();
    });

    unsubscribe = await subscribeFrom(ctx.bus, {
      channel: params.channel!,
      afterId: lastEventId,
      replayLimit: ctx.config.historyLength,
      onHistory: (read) => {
        // The hello's id sets EventSource's last event id at once, so a stream cut before its
        // first message still resumes from where it started instead of from "now".
        const hello: SseHello = { connectionId };
        write(
          `event: hello\nid: ${lastEventId ?? read.cursor}\ndata: ${JSON.stringify(hello)}\n\n`,
        );
        if (lastEventId === undefined) return;
        const replay: SseReplay = { count: read.messages.length, truncated: read.truncated };
        write(`event: replay\ndata: ${JSON.stringify(replay)}\n\n`);
      },
      deliver: (message) => write(encodeEvent(message)),
    }).catch((error: unknown) => {
      res.end();
      throw error;
    });
    if (closed) unsubscribe();
  });
  return { id: 'sse', close: async () => {} };
}

/** A valid Last-Event-ID, or undefined; an invalid one is refused with 400. */
function readLastEventId(raw: string | string[] | undefined): string | undefined {
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (value === undefined || value === '') return undefined;
  if (!parseMessageId(value)) {
    throw new HttpError(400, `invalid Last-Event-ID "${value.slice(0, 40)}": not a message id`);
  }
  return value;
}

/**
 * Writes to a slow reader unless too much is already queued for it; then the stream is closed,
 * and the client's EventSource reconnects and catches up through Last-Event-ID.
 */
function writeOrDrop(res: ServerResponse, chunk: string, maxQueuedBytes: number): void {
  // A stream the server ended (shutdown, closeAll) stays subscribed until its 'close' event, and
  // a write in between emits an unhandled 'error' ("write after end") that kills the process.
  if (res.writableEnded || res.destroyed) return;
  if (res.writableLength > maxQueuedBytes) {
    res.destroy();
    return;
  }
  res.write(chunk);
  // Node corks the socket on each response write and uncorks it on the next tick, so an event
  // would wait for the rest of the fan-out loop (every other subscriber's delivery). Send it now.
  if (res.socket?.writableCorked) res.socket.uncork();
}
