/** The contract shared by the site and the demo server. No DOM, no node: imports. */
export * from './transports';
export * from './limits';
export * from './channel';
export * from './message-id';
export * from './envelope';
export * from './http';
export * from './websocket';
export * from './socket-io';
export * from './inspect';
export * from './race';
export * from './chat';
