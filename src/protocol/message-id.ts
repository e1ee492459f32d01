/**
 * Message ids look like `<ms>-<seq>` (the Redis Streams format): the server time in ms when the
 * message was stored and a counter within that ms. Clients treat them as opaque strings; the server
 * compares them, and they keep increasing across restarts because the time part does.
 */
export const MESSAGE_ID_PATTERN = /^\d{1,15}-\d{1,9}$/;

/** A parsed message id. */
export interface MessageIdParts {
  ms: number;
  seq: number;
}

/** Parses an id, or returns null when it is not one of ours. */
export function parseMessageId(id: string): MessageIdParts | null {
  if (!MESSAGE_ID_PATTERN.test(id)) return null;
  const dash = id.indexOf('-');
  return { ms: Number(id.slice(0, dash)), seq: Number(id.slice(dash + 1)) };
}

/** Formats id parts as a string id. */
export function formatMessageId(parts: MessageIdParts): string {
  return `${parts.ms}-${parts.seq}`;
}

/** Negative when a < b, zero when equal, positive when a > b. */
export function compareMessageIds(a: MessageIdParts, b: MessageIdParts): number {
  return a.ms - b.ms || a.seq - b.seq;
}
