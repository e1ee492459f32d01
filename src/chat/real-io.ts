import type { NamespaceIo } from './namespace-socket';

/** socket.io-client's `io`, loaded on first use: a page pays for Socket.IO only once it connects. */
export async function loadSocketIo(): Promise<NamespaceIo> {
  const { io } = await import('socket.io-client');
  return (uri, options) => io(uri, options);
}
