import type { FrameReport } from '../../protocol';
import {
  createWebSocketClient,
  type ConnectionState,
  type WebSocketClient,
} from '../../transports';
import { browserDeps } from '../shared/browser-deps';
import { appendBounded, createStore, type Store } from '../shared/store';
import { automaticFrameNote, matchSent, sentText, type SentText } from './sent-frames';

/** One frame the server received from this page, as the widget shows it. */
export interface ShownFrame {
  /** 1, 2, 3… in the order the server received them. */
  seq: number;
  report: FrameReport;
  /** True for a frame the student sent with «Enviar»; false for the page's own frames. */
  mine: boolean;
  /** Why an automatic frame was sent. */
  note?: string;
  /** What the server answered to it, when it is worth showing (an error, a pong). */
  answer?: { kind: 'error' | 'pong'; text: string };
}

/** What the frames widget shows. */
export interface FramesState {
  connection: ConnectionState;
  detail?: string;
  /** Oldest first, the last MAX_FRAMES. */
  frames: ShownFrame[];
  sendError?: string;
}

/** The widget's store: one WebSocket client that reports the frames it sends. */
export interface FramesStore extends Store<FramesState> {
  start(): void;
  stop(): void;
  /** Sends `text` exactly as given, as one text frame. */
  send(text: string): void;
}

const MAX_FRAMES = 20;

/** Creates the store; `client` can be injected for tests. */
export function createFramesStore(
  serverUrl: string,
  client: WebSocketClient = createWebSocketClient({
    baseUrl: serverUrl,
    channel: 'tramas',
    inspect: 'frames',
    WebSocket: browserDeps().WebSocket!,
    clock: browserDeps().clock,
  }),
): FramesStore {
  const store = createStore<FramesState>({ connection: 'connecting', frames: [] });
  let pending: SentText[] = [];
  let seq = 0;

  function onFrame(report: FrameReport): void {
    const index = matchSent(pending, report);
    if (index >= 0) pending = pending.filter((_, i) => i !== index);
    const mine = index >= 0;
    const frame: ShownFrame = { seq: ++seq, report, mine };
    if (!mine) frame.note = automaticFrameNote(report);
    store.set((s) => ({ frames: appendBounded(s.frames, frame, MAX_FRAMES) }));
  }

  /** Attaches the server's answer to the student's latest frame, if it has none yet. */
  function answer(kind: 'error' | 'pong', text: string, when: (frame: ShownFrame) => boolean) {
    store.set((s) => {
      const last = s.frames.findLast((f) => f.mine);
      if (!last || last.answer || !when(last)) return {};
      return { frames: s.frames.map((f) => (f === last ? { ...f, answer: { kind, text } } : f)) };
    });
  }

  const unsubscribes = [
    client.on('state', (connection, detail) => {
      // Frames sent on a socket that closed will never be reported.
      if (connection !== 'connected') pending = [];
      store.set({ connection, detail });
    }),
    client.on('frame', onFrame),
    client.on('serverError', (message) => answer('error', message, () => true)),
    client.on('rtt', () =>
      answer('pong', 'el servidor contestó con un pong', (f) => isPing(f.report)),
    ),
  ];

  return {
    ...store,
    start: () => client.start(),
    stop() {
      unsubscribes.forEach((off) => off());
      client.stop();
    },
    send(text) {
      const expected = sentText(text);
      try {
        pending = appendBounded(pending, expected, MAX_FRAMES);
        client.sendRaw(text);
        store.set({ sendError: undefined });
      } catch (error) {
        pending = pending.filter((p) => p !== expected);
        store.set({ sendError: error instanceof Error ? error.message : String(error) });
      }
    },
  };
}

/** A text frame whose payload begins like a ping of the protocol. */
function isPing(report: FrameReport): boolean {
  return report.payloadHex.startsWith(sentText('{"type":"ping"').hex);
}
