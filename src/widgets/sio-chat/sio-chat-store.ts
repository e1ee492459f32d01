import { CHAT_LIMITS, isChannelName } from '../../protocol';
import { createChatClient, type ChatClient } from '../../chat/chat-client';
import { AckTimeoutError, type NamespaceIo } from '../../chat/namespace-socket';
import {
  createNotificationsClient,
  type NotificationsClient,
} from '../../chat/notifications-client';
import { requestToken, TokenRequestError } from '../../chat/token-client';
import { createTokenRenewer, type TokenRenewer } from '../../chat/token-renewer';
import type { AuthErrorData } from '../../protocol';
import type { Clock, FetchLike } from '../../transports';
import { messageOf } from '../../transports/wire';
import { browserDeps, probeServer } from '../shared/browser-deps';
import { createStore, type Store } from '../shared/store';
import { chatReducer, initialChatState, type ChatAction, type ChatState } from './chat-state';
import { identityStorage, type KeyValueStorage, type StoredIdentity } from './identity-storage';

export type { ChatState } from './chat-state';

/** How long "Ana está escribiendo…" stays after her latest `chat:typing`. */
export const TYPING_SHOWN_MS = 3_000;
/** At most one `chat:typing` per room this often, however fast the student types. */
export const TYPING_EVERY_MS = 2_000;
/** Messages the rate-limit button sends at once (the server allows 5 a second). */
export const BURST_SIZE = 8;
/** Rooms offered with a button; any other valid name can be typed. */
export const SUGGESTED_ROOMS = ['general', 'dudas', 'instructors'] as const;
const PROBE_EVERY_MS = 3_000;

/** What the store needs from the outside world; tests pass fakes. */
export interface SioChatDeps {
  /** socket.io-client's `io`, loaded when the widget first connects. */
  loadIo: () => Promise<NamespaceIo>;
  fetch: FetchLike;
  storage: KeyValueStorage | undefined;
  clock: Clock;
  /** Resolves when the demo server answers (checked while there is no identity yet). */
  probe: () => Promise<void>;
}

/** The chat widget's store. */
export interface SioChatStore extends Store<ChatState> {
  start(): void;
  stop(): void;
  /**
   * Asks for a token for `name`; with an instructor key, for the instructor role. The key is sent
   * once and never kept: the token (stored per tab) already says the role.
   */
  signIn(name: string, instructorKey?: string): Promise<void>;
  signOut(): void;
  join(room: string): Promise<void>;
  leave(room: string): Promise<void>;
  activate(room: string): void;
  /** Sends to the active room; true when the server stored it. */
  send(text: string): Promise<boolean>;
  /** Sends BURST_SIZE messages at once, to meet the rate limit. */
  burst(): Promise<void>;
  /** The student typed in the active room (throttled). */
  typed(): void;
  notifyMyTabs(text: string): Promise<void>;
  notifyEveryone(text: string): Promise<void>;
}

/** Creates the store for the demo server at `serverUrl`. */
export function createSioChatStore(serverUrl: string, deps: SioChatDeps): SioChatStore {
  const { clock } = deps;
  const store = createStore<ChatState>(initialChatState());
  const dispatch = (action: ChatAction) => store.set((s) => chatReducer(s, action));
  const refuse = (action: string, code: string, text: string) =>
    dispatch({ type: 'refused', action, code, text });
  const identities = identityStorage(deps.storage, serverUrl);
  let identity: StoredIdentity | undefined;
  let chat: ChatClient | null = null;
  let notifications: NotificationsClient | null = null;
  let renewer: TokenRenewer | null = null;
  let alive = false;
  const timers = new Set<unknown>();
  const lastTyping = new Map<string, number>();

  function later(callback: () => void, ms: number) {
    const handle = clock.setTimeout(() => {
      timers.delete(handle);
      callback();
    }, ms);
    timers.add(handle);
  }

  /** Without an identity the widget rests in `idle`, but still says when the server is down. */
  async function probe() {
    try {
      await deps.probe();
      if (alive && !chat && store.get().connection !== 'idle' && !identity)
        dispatch({ type: 'connection', connection: 'idle' });
    } catch (error) {
      if (!alive || chat) return;
      dispatch({ type: 'connection', connection: 'offline', detail: messageOf(error) });
      later(() => void probe(), PROBE_EVERY_MS);
    }
  }

  /** The reason of a failed emit, as a refusal. */
  function failed(action: string, error: unknown) {
    refuse(action, error instanceof AckTimeoutError ? 'TIMEOUT' : 'SIN CONEXIÓN', messageOf(error));
  }

  async function join(room: string): Promise<void> {
    if (!chat) return;
    try {
      const ack = await chat.join(room);
      if (ack.ok) dispatch({ type: 'joined', room, history: ack.history, members: ack.members });
      else refuse(`chat:join #${room}`, ack.code, ack.error);
    } catch (error) {
      failed(`chat:join #${room}`, error);
    }
  }

  async function connect() {
    dispatch({ type: 'connection', connection: 'connecting', detail: 'Cargando socket.io-client' });
    let io: NamespaceIo;
    try {
      io = await deps.loadIo();
    } catch (error) {
      dispatch({ type: 'connection', connection: 'error', detail: messageOf(error) });
      return;
    }
    if (!alive || chat || !identity) return;
    const options = { baseUrl: serverUrl, io, getToken: () => identity?.token };
    const c = (chat = createChatClient(options));
    const n = (notifications = createNotificationsClient(options));
    // Renewed before it expires: POST /auth/refresh, then auth:renew on both open sockets.
    renewer = createTokenRenewer({
      baseUrl: serverUrl,
      fetch: deps.fetch,
      clock,
      targets: () => [c, n],
      onRenewed: (answer, expiresAt) => {
        if (!identity) return;
        identity = { ...identity, token: answer.token, expiresAt };
        identities.save(identity);
        dispatch({ type: 'renewed', expiresAt, at: clock.now() });
      },
      onFailed: (reason) => refuse('renovar el token', 'RENOVACIÓN', reason),
    });
    renewer.schedule(identity.token, identity.expiresAt);
    c.on('expired', endSession);
    n.on('expired', endSession);
    c.on('connect', ({ socketId, recovered }) => {
      dispatch({ type: 'connected', socketId, recovered });
      // A new socket is in no room: join again (the history fills what was missed). A
      // recovered one kept its rooms and got the missed events already.
      if (recovered) return;
      const rooms = store.get().rooms.map((r) => r.name);
      for (const room of rooms.length > 0 ? rooms : ['general']) void join(room);
    });
    c.on('disconnect', ({ reason, willReconnect }) => {
      if (reason === 'io client disconnect') return;
      dispatch(
        willReconnect
          ? {
              type: 'connection',
              connection: 'offline',
              detail: `Desconectado (${reason}); Socket.IO reintentará`,
            }
          : {
              type: 'connection',
              connection: 'error',
              detail: `El servidor cerró la conexión (${reason})`,
            },
      );
    });
    c.on('connect_error', ({ message, data, willRetry }) => {
      if (data?.code === 'TOKEN_EXPIRED') {
        refuse('conexión a /chat', data.code, data.message);
        endSession(data);
      } else if (data) {
        // The token is no good: forget it and ask for a name again.
        refuse('conexión a /chat', data.code, data.message);
        signOut();
        dispatch({
          type: 'connection',
          connection: 'error',
          detail: `${data.code}: ${data.message}`,
        });
      } else if (!willRetry) {
        refuse('conexión a /chat', 'RECHAZADA', message);
        dispatch({ type: 'connection', connection: 'error', detail: message });
      } else {
        const detail = `No se puede conectar (${message}); Socket.IO reintentará`;
        dispatch({ type: 'connection', connection: 'offline', detail });
      }
    });
    c.on('message', (message) => dispatch({ type: 'message', message }));
    c.on('presence', ({ room, members }) => dispatch({ type: 'presence', room, members }));
    c.on('typing', ({ room, user }) => {
      dispatch({ type: 'typing', room, user, until: clock.now() + TYPING_SHOWN_MS });
      later(() => dispatch({ type: 'tick', now: clock.now() }), TYPING_SHOWN_MS + 50);
    });
    n.on('connect', () => dispatch({ type: 'notifications', connected: true }));
    n.on('disconnect', () => dispatch({ type: 'notifications', connected: false }));
    n.on('notification', (notification) => dispatch({ type: 'notification', notification }));
    c.connect();
    n.connect();
  }

  /** The token expired: the session is over, but the name stays for "Entrar de nuevo". */
  function endSession(data: AuthErrorData) {
    const name = identity?.user.name ?? store.get().user?.name;
    signOut();
    if (name) dispatch({ type: 'ended', name, code: data.code, message: data.message });
  }

  function closeClients() {
    renewer?.stop();
    renewer = null;
    chat?.close();
    notifications?.close();
    chat = notifications = null;
    for (const handle of timers) clock.clearTimeout(handle);
    timers.clear();
    lastTyping.clear();
  }

  function signOut() {
    closeClients();
    identity = undefined;
    identities.clear();
    dispatch({ type: 'forget' });
  }

  async function notify(
    action: string,
    send: (n: NotificationsClient) => ReturnType<NotificationsClient['notifyAll']>,
  ) {
    if (!notifications) return;
    try {
      const ack = await send(notifications);
      if (ack.ok)
        dispatch({
          type: 'delivery',
          text: `${action}: llegó a ${ack.delivered} ${ack.delivered === 1 ? 'socket' : 'sockets'}.`,
        });
      else refuse(action, ack.code, ack.error);
    } catch (error) {
      failed(action, error);
    }
  }

  return {
    ...store,
    start() {
      alive = true;
      identity = identities.load(clock.now());
      if (identity) {
        dispatch({ type: 'identity', user: identity.user, expiresAt: identity.expiresAt });
        void connect();
      } else void probe();
    },
    stop() {
      alive = false;
      closeClients();
      dispatch({ type: 'connection', connection: 'idle' });
    },
    async signIn(name, instructorKey) {
      if (chat) return;
      const key = instructorKey?.trim();
      const action = key ? 'POST /auth/token (con clave de docente)' : 'POST /auth/token';
      dispatch({ type: 'key-error' });
      try {
        const request = { name: name.trim(), ...(key ? { instructorKey: key } : {}) };
        const answer = await requestToken(serverUrl, request, deps.fetch);
        if (!alive) return;
        identity = {
          token: answer.token,
          user: answer.user,
          expiresAt: clock.now() + answer.expiresIn * 1000,
        };
      } catch (error) {
        const status = error instanceof TokenRequestError ? error.status : 0;
        const text = messageOf(error);
        refuse(action, status ? `HTTP ${status}` : 'SIN CONEXIÓN', text);
        // 403 is the server's answer to a wrong key (a bad name is a 400).
        if (key && status === 403) dispatch({ type: 'key-error', text });
        return;
      }
      identities.save(identity);
      dispatch({ type: 'identity', user: identity.user, expiresAt: identity.expiresAt });
      await connect();
    },
    signOut() {
      signOut();
      void probe();
    },
    async join(room) {
      const name = room.trim();
      if (!isChannelName(name)) {
        refuse(
          `chat:join #${name}`,
          'INVALID',
          'Nombre de sala no válido (comprobado en el navegador): de 1 a 64 caracteres a-z, 0-9, «:», «_» o «-», empezando por letra o número.',
        );
        return;
      }
      if (store.get().rooms.some((r) => r.name === name))
        return dispatch({ type: 'activate', room: name });
      await join(name);
    },
    async leave(room) {
      if (!chat) return;
      try {
        const ack = await chat.leave(room);
        if (ack.ok) dispatch({ type: 'left', room });
        else refuse(`chat:leave #${room}`, ack.code, ack.error);
      } catch (error) {
        failed(`chat:leave #${room}`, error);
      }
    },
    activate(room) {
      dispatch({ type: 'activate', room });
    },
    async send(text) {
      const room = store.get().active;
      if (!chat || !room) return false;
      try {
        const ack = await chat.send(room, text);
        if (ack.ok) {
          dispatch({ type: 'message', message: ack.message });
          // The message ended the typing; the next key press announces a new one at once.
          lastTyping.delete(room);
          return true;
        }
        refuse(`chat:message #${room}`, ack.code, ack.error);
      } catch (error) {
        failed(`chat:message #${room}`, error);
      }
      return false;
    },
    async burst() {
      const room = store.get().active;
      if (!chat || !room) return;
      const c = chat;
      const acks = await Promise.all(
        Array.from({ length: BURST_SIZE }, (_, i) =>
          c.send(room, `ráfaga ${i + 1}/${BURST_SIZE}`).catch((error: unknown) => ({
            ok: false as const,
            code: 'SIN CONEXIÓN',
            error: messageOf(error),
          })),
        ),
      );
      for (const ack of acks) if (ack.ok) dispatch({ type: 'message', message: ack.message });
      const refused = acks.filter((a) => !a.ok);
      if (refused[0] && !refused[0].ok) {
        const text = `${refused.length} de ${BURST_SIZE} rechazados (el límite es ${CHAT_LIMITS.messagesPerSecond} por segundo): ${refused[0].error}`;
        refuse(`ráfaga en #${room}`, refused[0].code, text);
      }
    },
    typed() {
      const room = store.get().active;
      if (!chat || !room) return;
      const now = clock.now();
      if (now - (lastTyping.get(room) ?? -Infinity) < TYPING_EVERY_MS) return;
      lastTyping.set(room, now);
      chat.typing(room);
    },
    notifyMyTabs(text) {
      const user = store.get().user;
      if (!user) return Promise.resolve();
      return notify('notify:user', (n) => n.notifyUser(user.id, text));
    },
    notifyEveryone(text) {
      return notify('notify:all', (n) => n.notifyAll(text));
    },
  };
}

/** The store on the browser's own fetch, sessionStorage and clock. */
export function createBrowserSioChatStore(serverUrl: string): SioChatStore {
  let storage: KeyValueStorage | undefined;
  try {
    storage = window.sessionStorage;
  } catch {
    storage = undefined;
  }
  const { fetch, clock } = browserDeps();
  return createSioChatStore(serverUrl, {
    loadIo: () => import('../../chat/real-io').then((m) => m.loadSocketIo()),
    fetch: fetch!,
    storage,
    clock,
    probe: () => probeServer(serverUrl),
  });
}
