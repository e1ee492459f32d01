import { z } from 'zod';
import { channelNameSchema } from './channel';
import type { Envelope, Json } from './envelope';
import { DROP_CODES, type DropCode } from './inspect';

/** Frames a client sends on `/ws` (JSON text frames). */
export const wsClientFrameSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('subscribe'), channel: channelNameSchema }).strict(),
  z.object({ type: z.literal('unsubscribe'), channel: channelNameSchema }).strict(),
  z
    .object({
      type: z.literal('publish'),
      channel: channelNameSchema,
      data: z.unknown().refine((data) => data !== undefined, 'a publish frame needs "data"'),
      ref: z.string().max(64).optional(),
    })
    .strict(),
  z.object({ type: z.literal('ping'), t: z.number() }).strict(),
  // Asks the server to close this connection with a code, to watch a client react (lessons 5-6).
  z
    .object({
      type: z.literal('drop'),
      code: z.number().refine((code) => (DROP_CODES as readonly number[]).includes(code), {
        message: `code must be one of ${DROP_CODES.join(', ')}`,
      }),
    })
    .strict(),
]);

/** A frame a client sends on `/ws`. */
export type WsClientFrame =
  | { type: 'subscribe'; channel: string }
  | { type: 'unsubscribe'; channel: string }
  | { type: 'publish'; channel: string; data: Json; ref?: string }
  | { type: 'ping'; t: number }
  | { type: 'drop'; code: DropCode };

/** A frame the server sends on `/ws`. */
export type WsServerFrame =
  | { type: 'subscribed'; channel: string }
  | { type: 'unsubscribed'; channel: string }
  | { type: 'message'; message: Envelope }
  | { type: 'published'; ref?: string; message: Envelope }
  | { type: 'pong'; t: number; now: number }
  | { type: 'error'; message: string; ref?: string };
