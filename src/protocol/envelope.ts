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
  /**
   * The transport the message was published through. Race events, which the server publishes
   * itself, carry `short-polling`, the server's default for a publisher without a transport.
   */
  via: TransportId;
}

/** True when `value` has the shape of an envelope (clients check what they receive with it). */
export function isEnvelope(value: unknown): value is Envelope {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.id === 'string' &&
    typeof v.channel === 'string' &&
    'data' in v &&
    typeof v.ts === 'number' &&
    (TRANSPORT_IDS as readonly unknown[]).includes(v.via)
  );
}
