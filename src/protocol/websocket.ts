import type { Envelope, Json } from './envelope';
import type { DropCode } from './inspect';

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
