import type { ConnectionState } from '../../transports';
import type { LogEntry } from '../shared/event-log';
import { appendBounded } from '../shared/store';
import type { PacketRecord } from './packet-tap';
import { connectPayloadOf, handshakeOf, type Handshake } from './packet-wire';

/** One emit with an acknowledgement and how it ended. */
export interface AckAttempt {
  /** 1, 2, 3… (the list key). */
  n: number;
  event: string;
  timeoutMs: number;
  /** The ack id on the wire (`42<id>[…]`), when the packet went out at once. */
  ackId?: number;
  /**
   * `timeout`: no ACK within the time limit ("operation has timed out"). `error`: the callback got
   * another error, e.g. "socket has been disconnected" when the connection dropped first.
   */
  outcome: 'pending' | 'ack' | 'timeout' | 'error';
  /** From emit to acknowledgement (or to the timeout error). */
  elapsedMs?: number;
  /** The acknowledgement's payload, or the error message. */
  answer?: string;
}

/** What the packet inspector shows. */
export interface SioPacketsState {
  connection: ConnectionState;
  detail?: string;
  pollingOnly: boolean;
  /** The Engine.IO transport in use. */
  transport?: string;
  socketId?: string;
  handshake?: Handshake;
  /** `socket.recovered` at the latest `connect`. */
  recovered?: boolean;
  /** The server's latest CONNECT answer carried a `pid`: connection state recovery is on. */
  recoveryOffered?: boolean;
  /** Successful connections of the current socket (reconnections included). */
  connects: number;
  packets: PacketRecord[];
  acks: AckAttempt[];
  log: LogEntry[];
}

const MAX_PACKETS = 200;

/**
 * The state with one more packet: the list (the newest 200), and what the packet tells about
 * the connection: the handshake and transport of an `open`, the transport after `5`, and whether
 * the server's CONNECT answer offers state recovery.
 */
export function withPacket(state: SioPacketsState, record: PacketRecord): Partial<SioPacketsState> {
  const patch: Partial<SioPacketsState> = {
    packets: appendBounded(state.packets, record, MAX_PACKETS),
  };
  if (record.type === 'open' && record.direction === 'received') {
    patch.transport = record.transport;
    patch.handshake = handshakeOf(record.wire) ?? undefined;
  }
  if (record.type === 'upgrade') patch.transport = record.transport;
  if (record.type === 'connect' && record.direction === 'received') {
    patch.recoveryOffered = typeof connectPayloadOf(record.sio)?.pid === 'string';
  }
  return patch;
}
