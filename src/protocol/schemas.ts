import { z } from 'zod';
import { CHANNEL_NAME_PATTERN } from './channel';
import { DROP_CODES } from './inspect';

/**
 * The zod schemas the server checks untrusted input with. Kept apart from the rest of the
 * protocol so that the browser bundles, which import the types and constants, never pull in zod.
 */

/** Validates a channel name, with a message a student can act on. */
export const channelNameSchema = z
  .string()
  .regex(
    CHANNEL_NAME_PATTERN,
    'invalid channel name: use 1-64 characters a-z, 0-9, ":", "_" or "-", starting with a letter or digit',
  );

/** Body of `POST /channels/:channel/messages`. `data` must be present (null is allowed). */
export const publishBodySchema = z
  .object({ data: z.unknown() })
  .strict()
  .refine((body) => 'data' in body && body.data !== undefined, {
    message: 'the body must be a JSON object with a "data" field',
  });

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

/** Payload schemas for the client events, checked by the server. */
export const socketIoPayloadSchemas = {
  subscribe: z.object({ channel: channelNameSchema }).strict(),
  unsubscribe: z.object({ channel: channelNameSchema }).strict(),
  publish: z
    .object({
      channel: channelNameSchema,
      data: z.unknown().refine((data) => data !== undefined, 'publish needs "data"'),
    })
    .strict(),
  ping: z.object({ t: z.number() }).strict(),
};
