/** Numbers that both ends must agree on. The server enforces them; clients use them to fail early. */
export const LIMITS = {
  /** Largest HTTP request body or WebSocket/Socket.IO message accepted, in bytes. */
  maxMessageBytes: 16 * 1024,
  /** Messages kept per channel for replay. */
  historyLength: 1000,
  /** Most messages returned by one poll; the client polls again with the cursor for the rest. */
  maxMessagesPerPoll: 200,
  /** Long-poll hold time when the client does not ask for one. */
  defaultLongPollTimeoutMs: 25_000,
  /** Longest long-poll hold a client may ask for. */
  maxLongPollTimeoutMs: 60_000,
  /** What the SSE stream tells EventSource to wait before reconnecting. */
  sseRetryMs: 2_000,
  /** Comment line interval that keeps idle SSE streams open through proxies. */
  sseHeartbeatMs: 15_000,
} as const;
