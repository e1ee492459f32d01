import { classifyPacket, type ClassifiedPacket, type EnginePacketLike } from './packet-wire';

/** An Engine.IO transport as engine.io-client exposes it (`polling`, `websocket`…). */
export interface TransportLike {
  readonly name: string;
}

/**
 * The part of engine.io-client's `Socket` (socket.io-client's `socket.io.engine`) the tap reads.
 * Its events: `packetCreate` (a packet queued to send), `packet` (one received), `upgrading`
 * (the new transport answered `3probe`), `upgrade` (`5` sent, the new transport is in use),
 * `upgradeError`.
 */
export interface EngineLike {
  readonly transport: TransportLike;
  on(event: 'packet' | 'packetCreate', listener: (packet: EnginePacketLike) => void): unknown;
  on(event: 'upgrading' | 'upgrade', listener: (transport: TransportLike) => void): unknown;
  on(event: 'upgradeError', listener: (error: Error) => void): unknown;
  off(event: 'packet' | 'packetCreate', listener: (packet: EnginePacketLike) => void): unknown;
  off(event: 'upgrading' | 'upgrade', listener: (transport: TransportLike) => void): unknown;
  off(event: 'upgradeError', listener: (error: Error) => void): unknown;
}

/** The part of a socket.io-client `Socket` the tap needs: its Manager and the Manager's engine. */
export interface TappableSocket {
  readonly io: {
    /** Replaced by a new engine on every (re)connection. */
    readonly engine: EngineLike | undefined;
    on(event: 'reconnect_attempt' | 'open', listener: () => void): unknown;
    off(event: 'reconnect_attempt' | 'open', listener: () => void): unknown;
  };
}

/** One packet as the inspector records it. */
export interface PacketRecord extends ClassifiedPacket {
  /** 1, 2, 3… in the order the tap saw them. */
  seq: number;
  /** Epoch ms. */
  at: number;
  direction: 'sent' | 'received';
  /** The Engine.IO transport it went through: `polling`, `websocket`. */
  transport: string;
  /** Which Engine.IO session carried it: 1 for the first connection, +1 on each reconnection. */
  session: number;
  /**
   * True for `2probe`, `3probe` and `5`. engine.io-client writes those straight onto the new
   * transport, without `packetCreate`/`packet` events; the tap writes them down when the
   * library announces them: `upgrading` right after `3probe` answered `2probe`, `upgrade` right
   * after sending `5`.
   */
  inferred?: boolean;
}

/** What the tap reports besides packets. */
export interface TapOptions {
  now?: () => number;
  /** The upgrade failed (probe refused, WebSocket blocked…): Engine.IO stays on its transport. */
  onUpgradeError?: (message: string) => void;
}

/** A running tap. */
export interface PacketTap {
  /** Starts watching the Manager's current engine if it changed (call after `socket.connect()`). */
  sync(): void;
  /** Removes every listener the tap added. */
  stop(): void;
}

/**
 * Watches a socket.io-client socket's Engine.IO layer and reports every packet it sends and
 * receives, written as on the wire (`42["message",{…}]`, `2probe`…), with its transport. Follows
 * reconnections: the Manager builds a new engine in the same tick as `reconnect_attempt`, before
 * any of its packets can arrive, so the tap moves to it in a microtask.
 */
export function tapPackets(
  socket: TappableSocket,
  onPacket: (record: PacketRecord) => void,
  options: TapOptions = {},
): PacketTap {
  const now = options.now ?? Date.now;
  let seq = 0;
  let session = 0;
  let engine: EngineLike | undefined;
  let detach = () => {};

  function record(
    direction: PacketRecord['direction'],
    transport: string,
    packet: ClassifiedPacket,
    inferred = false,
  ) {
    onPacket({
      ...packet,
      seq: ++seq,
      at: now(),
      direction,
      transport,
      session,
      ...(inferred ? { inferred } : {}),
    });
  }

  function watch(e: EngineLike): () => void {
    const name = () => e.transport?.name ?? 'desconocido';
    // While upgrading, the engine holds what it creates and sends it on the new transport after `5`.
    let upgrading = false;
    let held: ClassifiedPacket[] = [];
    const release = (transport: string) => {
      upgrading = false;
      for (const packet of held) record('sent', transport, packet);
      held = [];
    };
    const onReceived = (packet: EnginePacketLike) =>
      record('received', name(), classifyPacket(packet));
    const onCreated = (packet: EnginePacketLike) => {
      const classified = classifyPacket(packet);
      if (upgrading) held.push(classified);
      else record('sent', name(), classified);
    };
    const onUpgrading = (transport: TransportLike) => {
      upgrading = true;
      record('sent', transport.name, classifyPacket({ type: 'ping', data: 'probe' }), true);
      record('received', transport.name, classifyPacket({ type: 'pong', data: 'probe' }), true);
    };
    const onUpgrade = (transport: TransportLike) => {
      record('sent', transport.name, classifyPacket({ type: 'upgrade' }), true);
      release(transport.name);
    };
    const onUpgradeError = (error: Error) => {
      release(name());
      options.onUpgradeError?.(error?.message ?? String(error));
    };
    e.on('packet', onReceived);
    e.on('packetCreate', onCreated);
    e.on('upgrading', onUpgrading);
    e.on('upgrade', onUpgrade);
    e.on('upgradeError', onUpgradeError);
    return () => {
      e.off('packet', onReceived);
      e.off('packetCreate', onCreated);
      e.off('upgrading', onUpgrading);
      e.off('upgrade', onUpgrade);
      e.off('upgradeError', onUpgradeError);
    };
  }

  function sync() {
    const current = socket.io.engine;
    if (!current || current === engine) return;
    detach();
    engine = current;
    session += 1;
    detach = watch(current);
  }

  const onAttempt = () => queueMicrotask(sync);
  socket.io.on('reconnect_attempt', onAttempt);
  // A safety net for an engine opened some other way: it catches the packets after `open`.
  socket.io.on('open', sync);
  sync();

  return {
    sync,
    stop() {
      socket.io.off('reconnect_attempt', onAttempt);
      socket.io.off('open', sync);
      detach();
      detach = () => {};
      engine = undefined;
    },
  };
}
