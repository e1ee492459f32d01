import type { Envelope, Json } from './envelope';

/** What the server answers through a Socket.IO acknowledgement. */
export type Ack<T extends object = object> = ({ ok: true } & T) | { ok: false; error: string };

/** Events the client emits on the default namespace. */
export interface SocketIoClientEvents {
  subscribe: (payload: { channel: string }, ack: (answer: Ack) => void) => void;
  unsubscribe: (payload: { channel: string }, ack: (answer: Ack) => void) => void;
  publish: (
    payload: { channel: string; data: Json },
    ack: (answer: Ack<{ message: Envelope }>) => void,
  ) => void;
  ping: (payload: { t: number }, ack: (answer: { t: number; now: number }) => void) => void;
}

/** Events the server emits on the default namespace. */
export interface SocketIoServerEvents {
  message: (message: Envelope) => void;
}
