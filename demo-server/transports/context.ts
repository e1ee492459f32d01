import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { TransportId } from '../../src/protocol';
import type { MessageBus } from '../bus/types';
import type { ServerConfig } from '../config';
import type { ConnectionRegistry } from '../lib/connections';
import type { OriginPolicy } from '../lib/origin';
import type { RateLimiter } from '../lib/rate-limit';
import type { Router } from '../lib/router';

/** Takes over an HTTP upgrade request for one path. */
export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

/** What the server hands every transport adapter: the bus and the shared plumbing. */
export interface AdapterContext {
  bus: MessageBus;
  config: ServerConfig;
  routes: Router;
  /** Upgrade handlers by exact path prefix. */
  upgrades: Map<string, UpgradeHandler>;
  /** HTTP handlers for whole path prefixes owned by a library (Socket.IO). */
  prefixes: Map<string, (req: IncomingMessage, res: ServerResponse) => void>;
  origins: OriginPolicy;
  connections: ConnectionRegistry;
  publishLimiter: RateLimiter;
  /** Why clients may not publish into `channel` (a channel the server reserves), or null. */
  publishRefusal(channel: string): string | null;
  /** Why clients may not even read `channel` (subscribe, poll, replay), or null. */
  readRefusal(channel: string): string | null;
}

/** A registered transport: what the server needs to know about it after start-up. */
export interface TransportAdapter {
  id: TransportId;
  /** Stops timers and closes what the adapter owns; connections are closed through the registry. */
  close(): Promise<void>;
}

/** The address a request came from, for per-client limits. */
export function clientAddress(req: IncomingMessage): string {
  return req.socket.remoteAddress ?? 'unknown';
}
