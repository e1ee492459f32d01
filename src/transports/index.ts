/** Framework-free clients for the five transports, with every platform dependency injected. */
export * from './types';
export * from './platform';
export * from './emitter';
export * from './backoff';
export type { PollingClientEvents } from './poll-loop';
export * from './short-polling-client';
export * from './long-polling-client';
export * from './sse-client';
export * from './websocket-types';
export { createWebSocketClient, HEARTBEAT_CLOSE_CODE } from './websocket-client';
export * from './socket-io-client';
export * from './create-client';
export * from './clock-offset';
