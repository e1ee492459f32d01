import { compareMessageIds, parseMessageId, type Envelope } from '../../src/protocol';
import type { HistoryRead, MessageBus } from './types';

/** Where a subscription starts and what it calls. */
export interface SubscribeFromOptions {
  channel: string;
  /** Deliver messages after this id first (replay); undefined starts from now. */
  afterId: string | undefined;
  /** Most messages replayed from history. */
  replayLimit: number;
  /** Called once history is read, before any message is delivered. */
  onHistory?: (read: HistoryRead) => void;
  deliver: (message: Envelope, replayed: boolean) => void;
}

/**
 * Delivers every message after `afterId` (from history, marked `replayed`) and then every new one,
 * with no gap and no duplicate: it listens first and buffers while history is read, because with
 * an asynchronous bus (Redis) a message can be published between the two steps.
 * Resolves to the function that stops the subscription.
 */
export async function subscribeFrom(
  bus: MessageBus,
  options: SubscribeFromOptions,
): Promise<() => void> {
  const { channel, afterId, replayLimit, onHistory, deliver } = options;
  let buffer: Envelope[] | null = [];
  let lastDelivered = afterId ? parseMessageId(afterId) : null;

  const deliverOnce = (message: Envelope, replayed: boolean) => {
    const parts = parseMessageId(message.id)!;
    if (lastDelivered && compareMessageIds(parts, lastDelivered) <= 0) return;
    lastDelivered = parts;
    deliver(message, replayed);
  };

  const unsubscribe = bus.subscribe(channel, (message) => {
    if (buffer) buffer.push(message);
    else deliverOnce(message, false);
  });

  let history: HistoryRead;
  try {
    history = await bus.readAfter(channel, afterId, replayLimit);
  } catch (error) {
    unsubscribe();
    throw error;
  }
  onHistory?.(history);
  for (const message of history.messages) deliverOnce(message, true);
  const pending = buffer;
  buffer = null;
  for (const message of pending) deliverOnce(message, false);
  return unsubscribe;
}
