import type { Envelope } from '../../protocol';
import type {
  EventSourceLike,
  FetchLike,
  IoFunction,
  ResponseLike,
  SocketIoSocketLike,
  WebSocketLike,
} from '../platform';
import type { Clock } from '../types';

/** Lets pending promise continuations run (a fake answer resolves on a later microtask). */
export const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A clock whose time moves only when a test says so. */
export class ManualClock implements Clock {
  private time = 0;
  private nextHandle = 1;
  private readonly timers = new Map<number, { at: number; callback: () => void }>();
  /** Values `random()` returns next, in order; then `fallbackRandom`. */
  readonly randomValues: number[] = [];
  fallbackRandom = 0.5;

  now = () => this.time;
  random = () => this.randomValues.shift() ?? this.fallbackRandom;
  setTimeout = (callback: () => void, ms: number) => {
    const handle = this.nextHandle++;
    this.timers.set(handle, { at: this.time + Math.max(0, ms), callback });
    return handle;
  };
  clearTimeout = (handle: unknown) => void this.timers.delete(handle as number);

  /** Timers scheduled and not yet run or cleared. */
  get pendingTimers(): number {
    return this.timers.size;
  }

  /** Delays (from now) of the pending timers, soonest first. */
  get pendingDelays(): number[] {
    return [...this.timers.values()].map((t) => t.at - this.time).sort((a, b) => a - b);
  }

  /** Moves time forward, running due timers in order and settling promises after each. */
  async advance(ms: number): Promise<void> {
    const target = this.time + ms;
    for (;;) {
      const due = [...this.timers.entries()]
        .filter(([, t]) => t.at <= target)
        .sort(([a, x], [b, y]) => x.at - y.at || a - b)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.time = due[1].at;
      due[1].callback();
      await settle();
    }
    this.time = target;
    await settle();
  }
}

/** One request the fake fetch received; the test answers it. */
export interface FakeRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
  aborted: boolean;
  /** Answers with `status` and `body` (JSON-encoded unless a string). */
  respond(status: number, body: unknown, headers?: Record<string, string>): Promise<void>;
  /** Fails like a network error. */
  fail(message?: string): Promise<void>;
}

/** A fetch whose answers the test gives by hand. */
export class FakeFetch {
  readonly requests: FakeRequest[] = [];

  readonly fetch: FetchLike = (url, init = {}) =>
    new Promise<ResponseLike>((resolve, reject) => {
      const request: FakeRequest = {
        url,
        method: init.method ?? 'GET',
        headers: init.headers ?? {},
        body: init.body,
        aborted: false,
        async respond(status, body, headers = {}) {
          const text = typeof body === 'string' ? body : JSON.stringify(body);
          const lower = new Map(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
          resolve({
            ok: status >= 200 && status < 300,
            status,
            headers: { get: (name) => lower.get(name.toLowerCase()) ?? null },
            text: async () => text,
          });
          await settle();
        },
        async fail(message = 'Failed to fetch') {
          reject(new TypeError(message));
          await settle();
        },
      };
      init.signal?.addEventListener('abort', () => {
        request.aborted = true;
        reject(Object.assign(new Error('The operation was aborted'), { name: 'AbortError' }));
      });
      this.requests.push(request);
    });

  /** The latest request. */
  get last(): FakeRequest {
    const request = this.requests.at(-1);
    if (!request) throw new Error('no request was made');
    return request;
  }
}

type Listener = (event: { data: string }) => void;

/** A fake EventSource class and the instances created from it. */
export function createFakeEventSource() {
  const instances: FakeEventSource[] = [];

  class FakeEventSource implements EventSourceLike {
    readyState = 0;
    onopen: ((event: object) => void) | null = null;
    onmessage: ((event: { data: string; lastEventId: string }) => void) | null = null;
    onerror: ((event: object) => void) | null = null;
    closed = false;
    private readonly listeners = new Map<string, Listener[]>();

    constructor(readonly url: string) {
      instances.push(this);
    }

    addEventListener(type: string, listener: Listener): void {
      this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
    }

    close(): void {
      this.readyState = 2;
      this.closed = true;
    }

    /** The stream opened (200 text/event-stream). */
    open(): void {
      this.readyState = 1;
      this.onopen?.({});
    }

    /** A default (`message`) event carrying an envelope. */
    message(envelope: Envelope): void {
      this.onmessage?.({ data: JSON.stringify(envelope), lastEventId: envelope.id });
    }

    /** A named event (`hello`, `replay`). */
    event(type: string, data: unknown): void {
      for (const listener of this.listeners.get(type) ?? [])
        listener({ data: JSON.stringify(data) });
    }

    /** An error; `readyState` 0 = the browser reconnects by itself, 2 = it gave up. */
    error(readyState: 0 | 2): void {
      this.readyState = readyState;
      this.onerror?.({});
    }
  }

  return { EventSource: FakeEventSource, instances };
}

/** A fake WebSocket class and the instances created from it. */
export function createFakeWebSocket() {
  const instances: FakeWebSocket[] = [];

  class FakeWebSocket implements WebSocketLike {
    readyState = 0;
    bufferedAmount = 0;
    onopen: ((event: object) => void) | null = null;
    onmessage: ((event: { data: unknown }) => void) | null = null;
    onclose: ((event: { code: number; reason: string; wasClean: boolean }) => void) | null = null;
    onerror: ((event: object) => void) | null = null;
    readonly sent: string[] = [];
    readonly closeCalls: { code?: number; reason?: string }[] = [];

    constructor(readonly url: string) {
      instances.push(this);
    }

    send(data: string): void {
      if (this.readyState !== 1) throw new Error('InvalidStateError: not open');
      this.sent.push(data);
    }

    close(code?: number, reason?: string): void {
      this.closeCalls.push({ code, reason });
      if (this.readyState < 2) this.readyState = 2;
    }

    /** Frames sent, parsed. */
    get sentFrames(): { type: string; [key: string]: unknown }[] {
      return this.sent.map((text) => JSON.parse(text));
    }

    open(): void {
      this.readyState = 1;
      this.onopen?.({});
    }

    /** A frame from the server (an object is JSON-encoded). */
    receive(frame: unknown): void {
      this.onmessage?.({ data: typeof frame === 'string' ? frame : JSON.stringify(frame) });
    }

    /** The connection ended (server close, network loss: 1006 with wasClean false). */
    closeFromServer(code: number, reason = '', wasClean = code !== 1006): void {
      this.readyState = 3;
      this.onclose?.({ code, reason, wasClean });
    }
  }

  return { WebSocket: FakeWebSocket, instances };
}

type AnyListener = (...args: never[]) => void;

/** A fake socket.io-client socket. */
export class FakeSocket implements SocketIoSocketLike {
  connected = false;
  active = true;
  disconnectCalls = 0;
  connectCalls = 0;
  readonly emitted: { event: string; args: unknown[] }[] = [];
  private readonly handlers = new Map<string, AnyListener[]>();
  private readonly managerHandlers = new Map<string, AnyListener[]>();

  readonly io = {
    on: (event: string, listener: AnyListener) => add(this.managerHandlers, event, listener),
    off: (event: string, listener: AnyListener) => {
      this.managerHandlers.set(
        event,
        (this.managerHandlers.get(event) ?? []).filter((l) => l !== listener),
      );
    },
  };

  on(event: string, listener: AnyListener): this {
    add(this.handlers, event, listener);
    return this;
  }

  emit(event: string, ...args: unknown[]): this {
    this.emitted.push({ event, args });
    return this;
  }

  connect(): this {
    this.connectCalls += 1;
    return this;
  }

  disconnect(): this {
    this.disconnectCalls += 1;
    this.connected = false;
    this.active = false;
    return this;
  }

  off(): this {
    this.handlers.clear();
    return this;
  }

  /** Listeners registered on the socket and its manager. */
  get listenerCount(): number {
    let count = 0;
    for (const list of [...this.handlers.values(), ...this.managerHandlers.values()])
      count += list.length;
    return count;
  }

  /** Runs the socket's listeners for `event`. */
  fire(event: string, ...args: unknown[]): void {
    for (const listener of this.handlers.get(event) ?? [])
      (listener as (...a: unknown[]) => void)(...args);
  }

  /** Runs the manager's listeners for `event`. */
  fireManager(event: string, ...args: unknown[]): void {
    for (const listener of this.managerHandlers.get(event) ?? []) {
      (listener as (...a: unknown[]) => void)(...args);
    }
  }

  /** Connects (or reconnects): `connected` and the `connect` event. */
  serverConnect(): void {
    this.connected = true;
    this.fire('connect');
  }

  /** Answers the latest emit of `event` through its acknowledgement callback. */
  ack(event: string, answer: unknown): void {
    const emit = this.emitted.filter((e) => e.event === event).at(-1);
    if (!emit) throw new Error(`nothing emitted as "${event}"`);
    (emit.args.at(-1) as (answer: unknown) => void)(answer);
  }
}

function add(map: Map<string, AnyListener[]>, event: string, listener: AnyListener): void {
  map.set(event, [...(map.get(event) ?? []), listener]);
}

/** A fake `io` function and the sockets and options it was called with. */
export function createFakeIo() {
  const sockets: FakeSocket[] = [];
  const calls: { uri: string; options: Parameters<IoFunction>[1] }[] = [];
  const io: IoFunction = (uri, options) => {
    calls.push({ uri, options });
    const socket = new FakeSocket();
    sockets.push(socket);
    return socket;
  };
  return { io, sockets, calls };
}

/** An envelope for tests. */
export function envelope(id: string, data: Envelope['data'] = id, channel = 'demo'): Envelope {
  return { id, channel, data, ts: Number(id.split('-')[0]), via: 'short-polling' };
}
