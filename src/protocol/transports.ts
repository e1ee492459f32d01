/** The five ways a message can travel; one name per transport across server, client, widget and bench. */
export const TRANSPORT_IDS = [
  'short-polling',
  'long-polling',
  'sse',
  'websocket',
  'socket-io',
] as const;

/** One of the five transports. */
export type TransportId = (typeof TRANSPORT_IDS)[number];

/** Human-readable Spanish names, for logs and widgets. */
export const TRANSPORT_LABELS: Record<TransportId, string> = {
  'short-polling': 'Short polling',
  'long-polling': 'Long polling',
  sse: 'Server-Sent Events',
  websocket: 'WebSocket',
  'socket-io': 'Socket.IO',
};
