import { type Json, type TransportId } from '../../src/protocol';
import { publishBodySchema } from '../../src/protocol/schemas';
import { BusCapacityError } from '../bus/types';
import { HttpError, readJsonBody, sendJson } from '../lib/http-json';
import { takeOrThrow429 } from '../lib/rate-limit';
import { validate } from '../lib/validation';
import { clientAddress, type AdapterContext } from './context';

/** Transports whose clients publish with an HTTP POST (SSE is one-way, so its clients do too). */
const HTTP_PUBLISHERS: readonly TransportId[] = ['short-polling', 'long-polling', 'sse'];

/** `POST /channels/:channel/messages` with `{ "data": ... }`: 201 and the stored envelope. */
export function registerHttpPublish(ctx: AdapterContext): void {
  ctx.routes.add('POST', '/channels/:channel/messages', async ({ req, res, url, params }) => {
    const via = (url.searchParams.get('via') ?? 'short-polling') as TransportId;
    if (!HTTP_PUBLISHERS.includes(via)) {
      throw new HttpError(400, `invalid "via": use one of ${HTTP_PUBLISHERS.join(', ')}`);
    }
    const refusal = ctx.publishRefusal(params.channel!);
    if (refusal) throw new HttpError(403, refusal);
    takeOrThrow429(
      ctx.publishLimiter,
      clientAddress(req),
      'too many messages: slow down and try again',
    );
    const body = validate(publishBodySchema, await readJsonBody(req, ctx.config.maxMessageBytes));
    if (!body.ok) throw new HttpError(400, body.error);
    const message = await publishOrRefuse(ctx, params.channel!, body.value.data as Json, via);
    sendJson(res, 201, message);
  });
}

/** Publishes, turning a full bus into 503 rather than a crash. */
export async function publishOrRefuse(
  ctx: AdapterContext,
  channel: string,
  data: Json,
  via: TransportId,
) {
  try {
    return await ctx.bus.publish(channel, data, via);
  } catch (error) {
    if (error instanceof BusCapacityError) throw new HttpError(503, error.message);
    throw error;
  }
}
