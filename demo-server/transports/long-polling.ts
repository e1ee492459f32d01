import { compareMessageIds, LIMITS, parseMessageId, type Envelope } from '../../src/protocol';
import { HttpError, sendJson } from '../lib/http-json';
import { readAfterParam, readIntParam } from '../lib/poll-params';
import type { AdapterContext, TransportAdapter } from './context';
import { readHistory, toPollResponse } from './short-polling';

/**
 * `GET /long-poll/:channel?after=<id>&timeout=<ms>[&client=<id>]`: answers at once when something
 * newer than `after` exists, otherwise holds the request until a message arrives or the timeout.
 */
export function registerLongPolling(ctx: AdapterContext): TransportAdapter {
  // Held polls by client id: a second overlapping poll from one client is refused (409).
  const heldByClient = new Set<string>();

  ctx.routes.add('GET', '/long-poll/:channel', async ({ res, url, params }) => {
    const channel = params.channel!;
    const after = readAfterParam(url);
    const timeoutMs = readIntParam(url, 'timeout', {
      min: 0,
      max: LIMITS.maxLongPollTimeoutMs,
      fallback: LIMITS.defaultLongPollTimeoutMs,
    });
    const clientId = url.searchParams.get('client')?.slice(0, 64) || null;
    if (clientId && heldByClient.has(clientId)) {
      throw new HttpError(
        409,
        `client "${clientId}" already has a long poll waiting: wait for its answer before polling again`,
      );
    }
    if (ctx.connections.full) throw new HttpError(503, 'the server has too many open connections');
    // Claimed before the first await: a second poll arriving during the history read is refused too.
    if (clientId) heldByClient.add(clientId);
    let claimed = clientId !== null;
    // Once only: a late 'close' of this poll must not free a newer poll's claim.
    const freeClient = () => {
      if (clientId && claimed) heldByClient.delete(clientId);
      claimed = false;
    };

    // Listen before reading history: with an asynchronous bus a message can land in between.
    const arrived: Envelope[] = [];
    let waiting = false;
    let answerScheduled = false;
    const unsubscribe = ctx.bus.subscribe(channel, (message) => {
      arrived.push(message);
      // Not `arrived.length === 1`: a message that landed during the history read (already
      // covered by the cursor) must not keep the next one from being answered.
      if (waiting && newerThanCursor().length > 0) scheduleAnswer();
    });
    let read;
    try {
      read = await readHistory(ctx, channel, after);
    } catch (error) {
      unsubscribe();
      freeClient();
      throw error;
    }
    const cursor = parseMessageId(read.cursor)!;
    const newerThanCursor = () =>
      arrived.filter((m) => compareMessageIds(parseMessageId(m.id)!, cursor) > 0);

    if (read.messages.length > 0 || timeoutMs === 0 || res.destroyed) {
      unsubscribe();
      freeClient();
      sendJson(res, 200, toPollResponse(read));
      return;
    }

    waiting = true;
    const timer = setTimeout(answer, timeoutMs);
    const untrack = ctx.connections.track('long-polling', answer);
    res.on('close', release);
    if (newerThanCursor().length > 0) scheduleAnswer();

    /** Answers on the next turn of the event loop, so a burst goes out in one response. */
    function scheduleAnswer() {
      if (answerScheduled) return;
      answerScheduled = true;
      setImmediate(answer);
    }

    function release() {
      waiting = false;
      clearTimeout(timer);
      unsubscribe();
      untrack();
      freeClient();
    }

    /** Sends what arrived (maybe nothing, on timeout or shutdown) and releases the poll. */
    function answer() {
      if (!waiting) return;
      const batch = newerThanCursor().slice(0, LIMITS.maxMessagesPerPoll);
      release();
      sendJson(res, 200, { messages: batch, cursor: batch.at(-1)?.id ?? read!.cursor });
    }
  });

  return { id: 'long-polling', close: async () => heldByClient.clear() };
}
