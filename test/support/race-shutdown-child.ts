/**
 * Runs a demo server with a race running (delayed, with a WebSocket lane) and another one
 * waiting, then closes it and does NOT call process.exit: the process ends by itself only if
 * close() released every timer (publisher, expiry, delay lines) and every socket.
 */
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { createDemoServer } from '../../demo-server/app';
import type { RaceCreated } from '../../src/protocol';

const demo = createDemoServer();
await new Promise<void>((resolve) => demo.server.listen(0, '127.0.0.1', resolve));
const base = `127.0.0.1:${(demo.server.address() as AddressInfo).port}`;

async function post<T>(path: string, body?: unknown): Promise<T> {
  const res = await fetch(`http://${base}${path}`, {
    method: 'POST',
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  return (await res.json()) as T;
}

const config = { rateHz: 50, durationMs: 30_000, delayMs: 50, jitterMs: 10 };
const race = await post<RaceCreated>('/races', config);
await post<RaceCreated>('/races', config);
const ws = new WebSocket(`ws://${base}/ws?race=${race.id}`);
let received = 0;
ws.on('message', (data) => {
  const frame = JSON.parse(String(data)) as { type: string };
  if (frame.type === 'subscribed') void post(`/races/${race.id}/start`);
  if (frame.type === 'message') received += 1;
});
ws.on('open', () => ws.send(JSON.stringify({ type: 'subscribe', channel: race.channel })));
await new Promise<void>((resolve) => {
  const check = () => (received >= 5 ? resolve() : setTimeout(check, 10));
  check();
});
const closedAt = performance.now();
await demo.close();
console.log(
  `closed in ${Math.round(performance.now() - closedAt)} ms with ${demo.races.size} races left`,
);
