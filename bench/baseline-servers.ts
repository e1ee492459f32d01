import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';

/**
 * The two yardsticks, as small as they can be: a `ws` server that echoes every message, and a
 * `node:http` keep-alive server that answers every GET with a small JSON body. Run as a child
 * process by the benchmark; prints `baselines ws=<port> http=<port>` when ready.
 */
const http = createServer((req, res) => {
  const body = JSON.stringify({ now: performance.timeOrigin + performance.now() });
  res.writeHead(200, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
});
http.keepAliveTimeout = 60_000;
const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
wss.on('connection', (socket) => {
  socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary }));
});
http.listen(0, '127.0.0.1', () => {
  wss.once('listening', print);
  if (wss.address()) print();
});
let printed = false;
function print(): void {
  if (printed) return;
  printed = true;
  const ws = (wss.address() as AddressInfo).port;
  console.log(`baselines ws=${ws} http=${(http.address() as AddressInfo).port}`);
}
const stop = () => {
  wss.close();
  http.close(() => process.exit(0));
  http.closeAllConnections();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
