import { z } from 'zod';
import { TRANSPORT_IDS, type TransportId } from './transports';

/** Any JSON value. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** What every subscriber receives, whatever transport it listens on. */
export interface Envelope<T = Json> {
  /** Opaque, increasing within the channel, the same on all five transports. */
  id: string;
  channel: string;
  data: T;
  /** Server time (epoch ms) when the message was stored. */
  ts: number;
  /** The transport the message was published through. */
  via: TransportId;
}

/** Runtime check for an envelope (used by clients on what they receive). */
export const envelopeSchema = z.object({
  id: z.string(),
  channel: z.string(),
  data: z.unknown(),
  ts: z.number(),
  via: z.enum(TRANSPORT_IDS),
});
