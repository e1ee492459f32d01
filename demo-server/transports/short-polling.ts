import { LIMITS, type PollResponse } from '../../src/protocol';
import type { HistoryRead } from '../bus/types';
import { HttpError, sendJson } from '../lib/http-json';
import { readAfterParam } from '../lib/poll-params';
import type { AdapterContext, TransportAdapter } from './context';

/** `GET /poll/:channel?after=<id>`: whatever is newer than `after`, answered at once. */
export function registerShortPolling(ctx: AdapterContext): TransportAdapter {
  ctx.routes.add('GET', '/poll/:channel', async ({ res, url, params }) => {
    const after = readAfterParam(url);
    const read = await readHistory(ctx, params.channel!, after);
    sendJson(res, 200, toPollResponse(read));
  });
  return { id: 'short-polling', close: async () => {} };
}

/** Reads history for a poll, turning an unknown id into 400. */
export async function readHistory(
  ctx: AdapterContext,
  channel: string,
  after: string | undefined,
): Promise<HistoryRead> {
  try {
    return await ctx.bus.readAfter(channel, after, LIMITS.maxMessagesPerPoll);
  } catch (error) {
    if (error instanceof RangeError) throw new HttpError(400, error.message);
    throw error;
  }
}

/** The wire shape of a poll answer: `truncated` appears only when true. */
export function toPollResponse(read: HistoryRead): PollResponse {
  const response: PollResponse = { messages: read.messages, cursor: read.cursor };
  if (read.truncated) response.truncated = true;
  return response;
}
