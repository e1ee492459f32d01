import { TRANSPORT_IDS, type HealthResponse, type TimeResponse } from '../../src/protocol';
import { sendJson } from '../lib/http-json';
import type { AdapterContext } from './context';

const VERSION = '1';

/** `GET /health` (what is running, open connections per transport) and `GET /time` (server clock). */
export function registerHealthRoutes(ctx: AdapterContext, startedAt: number): void {
  ctx.routes.add('GET', '/health', ({ res }) => {
    const body: HealthResponse = {
      status: 'ok',
      transports: [...TRANSPORT_IDS],
      version: VERSION,
      uptimeMs: Date.now() - startedAt,
      connections: ctx.connections.counts(),
    };
    sendJson(res, 200, body);
  });
  ctx.routes.add('GET', '/time', ({ res }) => {
    // Sub-millisecond, and the same clock the race stamps its events with: a one-way latency is
    // the difference of two readings of it (after the client's offset is applied).
    const body: TimeResponse = { now: performance.timeOrigin + performance.now() };
    sendJson(res, 200, body);
  });
}
