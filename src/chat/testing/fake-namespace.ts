import type { NamespaceIo, NamespaceSocketLike } from '../namespace-socket';

type Listener = (...args: never[]) => void;

/** One emit the code under test made. */
export interface FakeEmit {
  event: string;
  args: unknown[];
  timeoutMs?: number;
  resolve?: (answer: unknown) => void;
  reject?: (error: Error) => void;
}

/** A fake socket.io-client socket on one namespace: fire the server's side by hand. */
export class FakeNamespaceSocket implements NamespaceSocketLike {
  id: string | undefined = undefined;
  connected = false;
  active = false;
  recovered = false;
  connectCalls = 0;
  disconnectCalls = 0;
  readonly emits: FakeEmit[] = [];
  private listeners = new Map<string, Listener[]>();

  constructor(
    readonly uri: string,
    readonly options: Parameters<NamespaceIo>[1],
  ) {}

  on = (event: string, listener: Listener) => {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  };
  off = () => {
    this.listeners.clear();
    return this;
  };
  emit = (event: string, ...args: unknown[]) => {
    this.emits.push({ event, args });
    return this;
  };
  timeout = (ms: number) => ({
    emitWithAck: (event: string, ...args: unknown[]) =>
      new Promise<unknown>((resolve, reject) => {
        this.emits.push({ event, args, timeoutMs: ms, resolve, reject });
      }),
  });
  connect = () => {
    this.connectCalls++;
    this.active = true;
    return this;
  };
  disconnect = () => {
    this.disconnectCalls++;
    this.connected = false;
    this.active = false;
    return this;
  };

  get listenerCount(): number {
    return [...this.listeners.values()].reduce((sum, list) => sum + list.length, 0);
  }

  /** What the server's listener for `event` would receive: the args of the latest emit. */
  last(event: string): FakeEmit {
    const emit = this.emits.filter((e) => e.event === event).at(-1);
    if (!emit) throw new Error(`nothing emitted as "${event}"`);
    return emit;
  }

  /** The token the `auth` function hands to the handshake now. */
  authToken(): unknown {
    let data: unknown;
    (this.options.auth as (cb: (d: unknown) => void) => void)((d) => (data = d));
    return (data as { token?: unknown }).token;
  }

  /** The server accepts the handshake. */
  serverConnect(options: { id?: string; recovered?: boolean } = {}): void {
    this.id = options.id ?? 'sock-1';
    this.connected = true;
    this.recovered = options.recovered ?? false;
    this.fire('connect');
  }

  /** The handshake fails: a refusal (`data`, no retry) or a network error (retry). */
  serverRefuse(message: string, data?: unknown): void {
    this.active = data === undefined;
    const error = Object.assign(new Error(message), data === undefined ? {} : { data });
    this.fire('connect_error', error);
  }

  /** The connection is lost. */
  serverDisconnect(reason: string): void {
    this.connected = false;
    this.fire('disconnect', reason);
  }

  /** The server emits `event` to this socket. */
  fire(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? [])
      (listener as (...a: unknown[]) => void)(...args);
  }
}

/** A fake `io` and the sockets it made. */
export function createFakeNamespaceIo() {
  const sockets: FakeNamespaceSocket[] = [];
  const io: NamespaceIo = (uri, options) => {
    const socket = new FakeNamespaceSocket(uri, options);
    sockets.push(socket);
    return socket;
  };
  const of = (namespace: string) => sockets.filter((s) => s.uri.endsWith(namespace)).at(-1)!;
  return { io, sockets, of };
}
