import { io as socketIo } from 'socket.io-client';
import { appendLog } from '../shared/event-log';
import { appendBounded, createStore, type Store } from '../shared/store';
import { openSocket, type InspectableSocket, type InspectIo } from './inspectable-socket';
import { tapPackets, type PacketRecord, type PacketTap } from './packet-tap';
import { withPacket, type AckAttempt, type SioPacketsState } from './sio-packets-state';

export type { AckAttempt, SioPacketsState } from './sio-packets-state';

/** The channel the inspector subscribes to and publishes on. */
export const INSPECTOR_CHANNEL = 'paquetes';
/** An event no handler on the demo server listens to: its acknowledgement never comes. */
export const UNANSWERED_EVENT = 'sin-respuesta';
/** Bounds of the acknowledgement timeout the student may choose, in ms. */
export const ACK_TIMEOUT = { min: 1, max: 60_000, initial: 2_000 } as const;

/** The inspector's store: one socket.io-client socket, tapped. */
export interface SioPacketsStore extends Store<SioPacketsState> {
  start(): void;
  stop(): void;
  /** Reconnects with `transports: ['polling']` (or back to the default). */
  setPollingOnly(on: boolean): void;
  /** Closes the Engine.IO transport under the socket, as a network failure would. */
  cutTransport(): void;
  /** Emits `event` with an acknowledgement and a timeout, and records how it ends. */
  emitWithAck(event: 'ping' | typeof UNANSWERED_EVENT, timeoutMs: number): void;
  /** Publishes `text` on the inspector's channel; resolves when the server acknowledges it. */
  publish(text: string): Promise<void>;
  clearPackets(): void;
}

/** The error socket.io-client gives an acknowledgement callback when its time runs out. */
const TIMEOUT_MESSAGE = 'operation has timed out';
const MAX_ACKS = 6;
const PUBLISH_TIMEOUT_MS = 5_000;

/** Creates the store; `io` and the clock are injected by tests. */
export function createSioPacketsStore(
  serverUrl: string,
  deps: { io?: InspectIo; now?: () => number } = {},
): SioPacketsStore {
  const io: InspectIo = deps.io ?? ((uri, options) => socketIo(uri, options));
  const now = deps.now ?? Date.now;
  const store = createStore<SioPacketsState>({
    connection: 'connecting',
    pollingOnly: false,
    connects: 0,
    packets: [],
    acks: [],
    log: [],
  });
  const log = (kind: string, text: string) =>
    store.set((s) => ({ log: appendLog(s.log, now(), kind, text) }));
  let socket: InspectableSocket | null = null;
  let tap: PacketTap | null = null;
  let release = () => {};
  let ackCount = 0;
  // The tap numbers packets and sessions per socket; the list numbers them across sockets.
  let packetSeq = 0;
  let lastSession = 0;
  let sessionBase = 0;

  function onPacket(tapped: PacketRecord) {
    const record = { ...tapped, seq: ++packetSeq, session: sessionBase + tapped.session };
    lastSession = record.session;
    store.set((s) => withPacket(s, record));
    if (record.type === 'upgrade') log('upgrade', `Engine.IO pasa a ${record.transport}.`);
  }

  function open(pollingOnly: boolean) {
    const s = openSocket(io, serverUrl, pollingOnly);
    socket = s;
    sessionBase = lastSession;
    // Ack ids belong to a socket: the list starts again with each one.
    store.set({ connection: 'connecting', detail: undefined, pollingOnly, connects: 0, acks: [] });
    log('inicio', pollingOnly ? 'Nuevo socket, solo con polling.' : 'Nuevo socket: io(url).');
    tap = tapPackets(s, onPacket, {
      now,
      onUpgradeError: (message) => log('error', `La mejora a WebSocket falló: ${message}.`),
    });
    const current = () => socket === s;
    // When the current wait for a reconnection started (disconnection or failed attempt).
    let waitingSince = 0;

    s.on('connect', () => {
      if (!current()) return;
      const recovered = s.recovered === true;
      store.set((st) => ({ socketId: s.id, recovered, connects: st.connects + 1 }));
      log('conectado', `socket.id ${s.id}; socket.recovered = ${recovered}.`);
      if (recovered) {
        // The server restored this socket's rooms: no need to subscribe again.
        store.set({ connection: 'connected', detail: undefined });
        return;
      }
      store.set({ detail: `Suscribiendo al canal ${INSPECTOR_CHANNEL}` });
      s.timeout(PUBLISH_TIMEOUT_MS).emit(
        'subscribe',
        { channel: INSPECTOR_CHANNEL },
        (error: Error | null, answer?: { ok: boolean; error?: string }) => {
          if (!current()) return;
          if (!error && answer?.ok) store.set({ connection: 'connected', detail: undefined });
          else store.set({ connection: 'error', detail: error?.message ?? answer?.error });
        },
      );
    });
    s.on('disconnect', (reason: string) => {
      if (!current()) return;
      waitingSince = now();
      log('desconexión', `Motivo: "${reason}".`);
      store.set({
        connection: 'offline',
        detail: `Desconectado (${reason}); Socket.IO reintentará`,
      });
      // After a server-side disconnect Socket.IO does not reconnect unless asked to.
      if (reason === 'io server disconnect') {
        s.connect();
        tap?.sync();
      }
    });
    s.on('connect_error', (error: Error) => {
      if (!current()) return;
      const message = error?.message ?? String(error);
      if (!s.active) {
        store.set({ connection: 'error', detail: message });
        return;
      }
      store.set({
        connection: 'offline',
        detail: `No se puede conectar (${message}); Socket.IO reintentará`,
      });
    });
    const onAttempt = (attempt: number) => {
      if (!current()) return;
      const waited = waitingSince ? Math.round(now() - waitingSince) : undefined;
      log('reintento', `Intento ${attempt}${waited === undefined ? '' : ` tras ${waited} ms`}.`);
      store.set({ connection: 'connecting', detail: `Reintento ${attempt}` });
    };
    const onAttemptFailed = () => {
      waitingSince = now();
    };
    s.io.on('reconnect_attempt', onAttempt);
    s.io.on('reconnect_error', onAttemptFailed);
    release = () => {
      s.io.off('reconnect_attempt', onAttempt);
      s.io.off('reconnect_error', onAttemptFailed);
      s.off();
      // Disconnect with the tap still on: the `41` DISCONNECT packet is shown.
      s.disconnect();
      tap?.stop();
      tap = null;
    };
  }

  function close() {
    socket = null;
    release();
    release = () => {};
  }

  function settleAck(n: number, patch: Partial<AckAttempt>) {
    store.set((s) => ({ acks: s.acks.map((a) => (a.n === n ? { ...a, ...patch } : a)) }));
  }

  return {
    ...store,
    start() {
      if (!socket) open(store.get().pollingOnly);
    },
    stop() {
      close();
      store.set({ connection: 'idle', detail: undefined });
    },
    setPollingOnly(on) {
      close();
      open(on);
    },
    cutTransport() {
      const transport = socket?.io.engine?.transport;
      if (!socket?.connected || !transport) return;
      log('corte', `Cerraste el transporte ${transport.name}.`);
      transport.close();
    },
    emitWithAck(event, timeoutMs) {
      const s = socket;
      if (!s?.connected) {
        log('error', 'No hay una conexión Socket.IO abierta.');
        return;
      }
      const ms = Math.min(ACK_TIMEOUT.max, Math.max(ACK_TIMEOUT.min, Math.round(timeoutMs)));
      const n = ++ackCount;
      const sentAt = now();
      const attempt: AckAttempt = { n, event, timeoutMs: ms, outcome: 'pending' };
      store.set((st) => ({ acks: appendBounded(st.acks, attempt, MAX_ACKS) }));
      const before = store.get().packets.at(-1)?.seq ?? 0;
      s.timeout(ms).emit(
        event,
        { t: Math.round(sentAt) },
        (error: Error | null, answer: unknown) => {
          const elapsedMs = Math.round(now() - sentAt);
          if (error) {
            const outcome = error.message === TIMEOUT_MESSAGE ? 'timeout' : 'error';
            settleAck(n, { outcome, elapsedMs, answer: error.message });
          } else settleAck(n, { outcome: 'ack', elapsedMs, answer: JSON.stringify(answer) });
        },
      );
      // The EVENT packet is created within emit() when connected: its ack id is on the wire.
      const sent = store
        .get()
        .packets.find((p) => p.seq > before && p.type === 'event' && p.direction === 'sent');
      if (sent?.sio?.ackId !== undefined) settleAck(n, { ackId: sent.sio.ackId });
    },
    publish(text) {
      const s = socket;
      if (!s?.connected) return Promise.reject(new Error('No hay una conexión Socket.IO abierta'));
      return new Promise((resolve, reject) => {
        s.timeout(PUBLISH_TIMEOUT_MS).emit(
          'publish',
          { channel: INSPECTOR_CHANNEL, data: text },
          (error: Error | null, answer?: { ok: boolean; error?: string }) => {
            if (error) reject(new Error('El servidor no confirmó a tiempo'));
            else if (!answer?.ok) reject(new Error(answer?.error ?? 'Respuesta no válida'));
            else resolve();
          },
        );
      });
    },
    clearPackets() {
      store.set({ packets: [] });
    },
  };
}
