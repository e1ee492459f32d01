import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { ByteCounts } from './lane-traffic';
import {
  delayIncomingData,
  installSocketDelay,
  isZeroDelay,
  socketDelayOf,
  systemDelayTimers,
  type DelayProfile,
  type DelayTimers,
  type SocketDelay,
} from './network-delay';
import type { Race } from './race';
import type { RaceRegistry } from './race-registry';
import { raceTagOf } from './tagging';

/** Where the server hands every request and upgrade to the races before routing it. */
export interface RaceHooks {
  /** Tags the request with its race and lane, then runs `handle` (after the race's delay). */
  onRequest(req: IncomingMessage, res: ServerResponse, handle: () => void): void;
  /** Tags the upgraded socket with its race and lane, then runs `handle` (after the delay). */
  onUpgrade(req: IncomingMessage, socket: Duplex, handle: () => void): void;
  /**
   * Stops simulating (shutdown): what waits in a delay line leaves at once and nothing is
   * delayed any more, so closing is as quick as without a race. Call after the races are closed.
   */
  close(): void;
}

const ZERO: ByteCounts = { read: 0, written: 0 };

/** What a socket has read and written, counting the bytes still crossing the simulated network. */
function countsOf(socket: Socket): ByteCounts {
  return {
    read: socket.bytesRead,
    written: (socket.bytesWritten ?? 0) + (socketDelayOf(socket)?.pendingOutgoingBytes ?? 0),
  };
}

/** The race's delay while it exists; none once it is forgotten. */
const profileOf = (race: Race) => (): DelayProfile | null => (race.alive ? race.config : null);

/**
 * Tagging, byte accounting and simulated delay for race lanes, kept out of the adapters: a
 * request or upgrade whose URL has `?race=<id>` of an existing race, on a lane's path, is
 * metered on its socket and, when the race has a delay, crosses a delayed socket.
 */
export function createRaceHooks(
  races: RaceRegistry,
  timers: DelayTimers = systemDelayTimers,
): RaceHooks {
  // A socket's counters when its last request ended: keep-alive sockets carry one request at a
  // time, so a request's bytes are what the counters add from there to its own end.
  const requestEnds = new WeakMap<Socket, ByteCounts>();

  function tag(req: IncomingMessage, upgrade: boolean) {
    const found = raceTagOf(req.url, upgrade);
    const race = found ? races.get(found.raceId) : undefined;
    return found && race ? { race, lane: found.lane } : null;
  }

  // Sockets with a delay installed, until they close.
  const delayed = new Set<SocketDelay>();
  let closed = false;

  function install(socket: Socket): SocketDelay {
    const delay = installSocketDelay(socket, timers);
    if (!delayed.has(delay)) {
      delayed.add(delay);
      socket.once('close', () => delayed.delete(delay));
    }
    return delay;
  }

  /** Runs `handle` after the incoming delay of the socket, if it has one. */
  function cross(socket: Socket, race: Race | null, handle: () => void): void {
    const wanted = race && !closed && !isZeroDelay(race.config);
    const existing = wanted ? install(socket) : socketDelayOf(socket);
    if (!existing) return handle();
    existing.profile = race ? profileOf(race) : () => null;
    existing.incoming.cross(existing.profile(), handle);
  }

  return {
    onRequest(req, res, handle) {
      const socket = req.socket;
      const start = requestEnds.get(socket) ?? ZERO;
      const markEnd = () => requestEnds.set(socket, countsOf(socket));
      res.once('finish', markEnd);
      res.once('close', markEnd);
      const found = tag(req, false);
      if (found) {
        const end = found.race.traffic.open(found.lane, socket, () => countsOf(socket), start);
        res.once('finish', end);
        res.once('close', end);
      }
      cross(socket, found?.race ?? null, handle);
    },

    onUpgrade(req, duplex, handle) {
      const socket = duplex as Socket;
      const found = tag(req, true);
      if (found) {
        const start = requestEnds.get(socket) ?? ZERO;
        const end = found.race.traffic.open(found.lane, socket, () => countsOf(socket), start);
        socket.once('close', end);
        if (!closed && !isZeroDelay(found.race.config)) {
          install(socket);
          delayIncomingData(socket, timers);
        }
      }
      cross(socket, found?.race ?? null, handle);
    },

    close() {
      closed = true;
      for (const delay of delayed) {
        delay.profile = () => null;
        delay.incoming.flush();
        delay.outgoing.flush();
      }
    },
  };
}
