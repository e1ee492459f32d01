import type { Envelope, Json, TransportId } from '../../src/protocol';

/** What a read from history returns: messages after a point, oldest first. */
export interface HistoryRead {
  messages: Envelope[];
  /** The id of the last message the reader has now seen (or the channel head when none). */
  cursor: string;
  /** True when messages the reader asked for were already dropped from the bounded history. */
  truncated: boolean;
}

/** Called for every new message on a channel, in id order. */
export type BusListener = (message: Envelope) => void;

/** The message bus every transport adapter publishes to and subscribes through. */
export interface MessageBus {
  /** Stores a message and delivers it to the channel's subscribers. */
  publish(channel: string, data: Json, via: TransportId): Promise<Envelope>;
  /** Listens to new messages on a channel; returns the function that stops listening. */
  subscribe(channel: string, listener: BusListener): () => void;
  /**
   * Messages after `afterId` (at most `limit`), oldest first. Without `afterId`, none: the cursor
   * is the channel head, so a new reader starts from now.
   */
  readAfter(channel: string, afterId: string | undefined, limit: number): Promise<HistoryRead>;
  /** The newest `limit` messages of a channel still in its history, oldest first (chat history). */
  readLatest(channel: string, limit: number): Promise<Envelope[]>;
  /** Releases what the bus holds. */
  close(): Promise<void>;
}

/** Thrown by `publish` when the bus refuses to create another channel. */
export class BusCapacityError extends Error {}
