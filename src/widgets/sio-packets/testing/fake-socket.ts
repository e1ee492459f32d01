import type { InspectableSocket, InspectIo } from '../inspectable-socket';
import type { EnginePacketLike } from '../packet-wire';

type Listener = (...args: never[]) => void;

/** A minimal event emitter with a way to fire events by hand. */
class Listeners {
  private readonly map = new Map<string, Listener[]>();
  on = (event: string, listener: Listener) => {
    this.map.set(event, [...(this.map.get(event) ?? []), listener]);
    return this;
  };
  off = (event?: string, listener?: Listener) => {
    if (event === undefined) this.map.clear();
    else
      this.map.set(
        event,
        (this.map.get(event) ?? []).filter((l) => l !== listener),
      );
    return this;
  };
  fire(event: string, ...args: unknown[]): void {
    for (const listener of this.map.get(event) ?? [])
      (listener as (...a: unknown[]) => void)(...args);
  }
  count(): number {
    return [...this.map.values()].reduce((sum, list) => sum + list.length, 0);
  }
}

/** A fake engine.io-client socket: fire its events by hand. */
export class FakeEngine extends Listeners {
  closedTransports = 0;
  readonly transport: { name: string; close: () => void };
  constructor(name = 'polling') {
    super();
    this.transport = { name, close: () => void this.closedTransports++ };
  }
  /** A packet arrives on the current transport. */
  receive(packet: EnginePacketLike): void {
    this.fire('packet', packet);
  }
  /** The engine queues a packet to send (what `packetCreate` reports). */
  create(packet: EnginePacketLike): void {
    this.fire('packetCreate', packet);
  }
  /** The whole upgrade to WebSocket, as engine.io-client announces it. */
  upgradeTo(name = 'websocket'): void {
    const next = { name, close: () => void this.closedTransports++ };
    this.fire('upgrading', next);
    this.fire('upgrade', next);
    Object.assign(this.transport, next);
  }
}

/** A fake socket.io-client Manager: an engine that is replaced on each reconnection attempt. */
export class FakeManager extends Listeners {
  engine: FakeEngine | undefined = new FakeEngine();
  /** What the real Manager does on a reconnection attempt: announce it, then a new engine. */
  attemptReconnect(attempt: number): FakeEngine {
    this.fire('reconnect_attempt', attempt);
    this.engine = new FakeEngine();
    return this.engine;
  }
}

/**
 * A fake socket.io-client Socket. Emitting while connected creates the Engine.IO packet the real
 * client would (`42<id>[…]`), so the tap and the store see real wire text.
 */
export class FakeSocket extends Listeners implements InspectableSocket {
  id: string | undefined = undefined;
  connected = false;
  active = true;
  recovered: boolean | undefined = false;
  disconnectCalls = 0;
  readonly io = new FakeManager();
  readonly emits: { event: string; args: unknown[]; timeoutMs?: number; ackId?: number }[] = [];
  private nextAckId = 0;

  constructor(
    readonly uri: string,
    readonly options: Parameters<InspectIo>[1],
  ) {
    super();
  }

  emit = (event: string, ...args: unknown[]) => this.send(event, args);
  timeout = (ms: number) => ({
    emit: (event: string, ...args: unknown[]) => this.send(event, args, ms),
  });
  connect = () => this;
  disconnect = () => {
    this.disconnectCalls++;
    if (this.connected) this.io.engine?.create({ type: 'message', data: '1' });
    this.connected = false;
    this.active = false;
    return this;
  };

  private send(event: string, args: unknown[], timeoutMs?: number) {
    const hasAck = typeof args.at(-1) === 'function';
    const ackId = hasAck ? this.nextAckId++ : undefined;
    const data = hasAck ? args.slice(0, -1) : args;
    this.emits.push({ event, args, timeoutMs, ackId });
    if (this.connected) {
      const text = `2${ackId ?? ''}${JSON.stringify([event, ...data])}`;
      this.io.engine?.create({ type: 'message', data: text });
    }
    return this;
  }

  /** Handshake, CONNECT and its answer over polling, then `connect`. */
  serverConnect(options: { sid?: string; pid?: string; recovered?: boolean } = {}): void {
    const engine = this.io.engine!;
    const sid = options.sid ?? 'eio-sid';
    engine.receive({
      type: 'open',
      data: JSON.stringify({
        sid,
        upgrades: ['websocket'],
        pingInterval: 25000,
        pingTimeout: 20000,
        maxPayload: 16384,
      }),
    });
    engine.create({ type: 'message', data: '0' });
    const answer = { sid: 'sio-id', ...(options.pid ? { pid: options.pid } : {}) };
    engine.receive({ type: 'message', data: `0${JSON.stringify(answer)}` });
    this.id = 'sio-id';
    this.connected = true;
    this.active = true;
    this.recovered = options.recovered ?? false;
    this.fire('connect');
  }

  /** Answers the latest emit of `event` through its callback, with `(null, answer)` for a timeout emit. */
  ack(event: string, answer: unknown): void {
    const emit = this.emits.filter((e) => e.event === event).at(-1);
    if (!emit) throw new Error(`nothing emitted as "${event}"`);
    if (emit.ackId !== undefined && this.connected) {
      this.io.engine?.receive({
        type: 'message',
        data: `3${emit.ackId}${JSON.stringify([answer])}`,
      });
    }
    const callback = emit.args.at(-1) as (...a: unknown[]) => void;
    if (emit.timeoutMs === undefined) callback(answer);
    else callback(null, answer);
  }

  /** The latest emit of `event` fails: its timeout expires (or `message` says why). */
  expire(event: string, message = 'operation has timed out'): void {
    const emit = this.emits.filter((e) => e.event === event).at(-1)!;
    (emit.args.at(-1) as (error: Error) => void)(new Error(message));
  }

  /** The connection is lost. */
  serverDisconnect(reason: string): void {
    this.connected = false;
    this.fire('disconnect', reason);
  }

  get listeners(): number {
    return this.count() + this.io.count() + (this.io.engine?.count() ?? 0);
  }
}

/** A fake `io` and the sockets it made. */
export function createFakeIo() {
  const sockets: FakeSocket[] = [];
  const io: InspectIo = (uri, options) => {
    const socket = new FakeSocket(uri, options);
    sockets.push(socket);
    return socket;
  };
  return { io, sockets };
}
