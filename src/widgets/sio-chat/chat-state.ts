import type { ChatMessage, ChatUser, Notification } from '../../protocol';
import type { ConnectionState } from '../../transports';
import { appendBounded } from '../shared/store';

/** A room this socket is in, as the widget shows it. */
export interface RoomView {
  name: string;
  /** The room's members, as the server's latest `chat:presence` (or the join's ack) said. */
  members: ChatUser[];
  /** History on join, then live messages; oldest first, at most MAX_MESSAGES. */
  messages: ChatMessage[];
  /** Who is typing and until when (epoch ms) the indicator stays. */
  typing: { user: ChatUser; until: number }[];
}

/** Something the server (or the network) refused, with its reason, as the student reads it. */
export interface Refusal {
  id: number;
  /** What the student tried: `chat:join #instructors`, `conexión`… */
  action: string;
  /** RATE_LIMITED, NOT_MEMBER, FORBIDDEN, INVALID, UNAUTHORIZED, TOKEN_EXPIRED, TIMEOUT… */
  code: string;
  text: string;
}

/** Everything the chat widget shows. */
export interface ChatState {
  connection: ConnectionState;
  detail?: string;
  /** Who the token says we are, and when it expires (epoch ms). */
  user?: ChatUser;
  expiresAt?: number;
  socketId?: string;
  /** `socket.recovered` at the latest connect. */
  recovered?: boolean;
  rooms: RoomView[];
  active?: string;
  refusals: Refusal[];
  notifications: Notification[];
  notificationsConnected: boolean;
  /** What the latest notification send answered ("llegó a 2 pestañas"). */
  delivery?: string;
  /** Why the server refused the instructor key of the latest sign-in (shown beside the field). */
  keyError?: string;
  /** When the token was last renewed in place (epoch ms): "token renovado, caduca a las…". */
  renewedAt?: number;
  /** The session ended because the token expired: who to sign in again as, and the reason. */
  ended?: { name: string; code: string; message: string };
}

/** Every change the store makes to the state. */
export type ChatAction =
  | { type: 'connection'; connection: ConnectionState; detail?: string }
  | { type: 'identity'; user: ChatUser; expiresAt: number }
  | { type: 'renewed'; expiresAt: number; at: number }
  | { type: 'forget' }
  | { type: 'ended'; name: string; code: string; message: string }
  | { type: 'key-error'; text?: string }
  | { type: 'connected'; socketId: string; recovered: boolean }
  | { type: 'joined'; room: string; history: ChatMessage[]; members: ChatUser[] }
  | { type: 'left'; room: string }
  | { type: 'activate'; room: string }
  | { type: 'message'; message: ChatMessage }
  | { type: 'presence'; room: string; members: ChatUser[] }
  | { type: 'typing'; room: string; user: ChatUser; until: number }
  | { type: 'tick'; now: number }
  | { type: 'refused'; action: string; code: string; text: string }
  | { type: 'notifications'; connected: boolean }
  | { type: 'notification'; notification: Notification }
  | { type: 'delivery'; text: string };

export const MAX_MESSAGES = 200;
const MAX_REFUSALS = 5;
const MAX_NOTIFICATIONS = 20;

/** The state before anything happened. */
export function initialChatState(): ChatState {
  return {
    connection: 'connecting',
    rooms: [],
    refusals: [],
    notifications: [],
    notificationsConnected: false,
  };
}

/** Messages by id, oldest first: a message can come twice (its ack and the broadcast, history). */
function mergeMessages(list: ChatMessage[], incoming: ChatMessage[]): ChatMessage[] {
  const byId = new Map(list.map((m) => [m.id, m]));
  for (const message of incoming) byId.set(message.id, message);
  return [...byId.values()].sort((a, b) => a.ts - b.ts).slice(-MAX_MESSAGES);
}

function updateRoom(state: ChatState, name: string, change: (room: RoomView) => RoomView) {
  return { ...state, rooms: state.rooms.map((r) => (r.name === name ? change(r) : r)) };
}

/** The pure heart of the widget: the next state after one action. */
export function chatReducer(state: ChatState, action: ChatAction): ChatState {
  switch (action.type) {
    case 'connection':
      return { ...state, connection: action.connection, detail: action.detail };
    case 'identity':
      return {
        ...state,
        user: action.user,
        expiresAt: action.expiresAt,
        keyError: undefined,
        renewedAt: undefined,
        ended: undefined,
      };
    case 'renewed':
      return { ...state, expiresAt: action.expiresAt, renewedAt: action.at };
    case 'ended':
      // Idle, not error: the session-ended panel says why; the frame's error banner would repeat it.
      return {
        ...state,
        connection: 'idle',
        detail: undefined,
        ended: { name: action.name, code: action.code, message: action.message },
      };
    case 'key-error':
      return { ...state, keyError: action.text };
    case 'forget':
      // Every optional field named: the store merges what the reducer returns into its state.
      return {
        ...initialChatState(),
        connection: 'idle',
        detail: undefined,
        user: undefined,
        expiresAt: undefined,
        socketId: undefined,
        recovered: undefined,
        active: undefined,
        delivery: undefined,
        keyError: undefined,
        renewedAt: undefined,
        ended: undefined,
        refusals: state.refusals,
      };
    case 'connected':
      return {
        ...state,
        connection: 'connected',
        detail: undefined,
        socketId: action.socketId,
        recovered: action.recovered,
      };
    case 'joined': {
      const existing = state.rooms.find((r) => r.name === action.room);
      const room: RoomView = {
        name: action.room,
        members: action.members,
        messages: mergeMessages(existing?.messages ?? [], action.history),
        typing: existing?.typing ?? [],
      };
      const rooms = existing
        ? state.rooms.map((r) => (r.name === action.room ? room : r))
        : [...state.rooms, room];
      return { ...state, rooms, active: action.room };
    }
    case 'left': {
      const rooms = state.rooms.filter((r) => r.name !== action.room);
      const active = state.active === action.room ? rooms[0]?.name : state.active;
      return { ...state, rooms, active };
    }
    case 'activate':
      return state.rooms.some((r) => r.name === action.room)
        ? { ...state, active: action.room }
        : state;
    case 'message':
      return updateRoom(state, action.message.room, (r) => ({
        ...r,
        messages: mergeMessages(r.messages, [action.message]),
        // Whoever sent a message has stopped typing it.
        typing: r.typing.filter((t) => t.user.id !== action.message.from.id),
      }));
    case 'presence':
      return updateRoom(state, action.room, (r) => ({ ...r, members: action.members }));
    case 'typing':
      // Our own other tabs type too, but "you are typing" tells the student nothing.
      if (action.user.id === state.user?.id) return state;
      return updateRoom(state, action.room, (r) => ({
        ...r,
        typing: [
          ...r.typing.filter((t) => t.user.id !== action.user.id),
          { user: action.user, until: action.until },
        ],
      }));
    case 'tick': {
      if (!state.rooms.some((r) => r.typing.some((t) => t.until <= action.now))) return state;
      return {
        ...state,
        rooms: state.rooms.map((r) => ({
          ...r,
          typing: r.typing.filter((t) => t.until > action.now),
        })),
      };
    }
    case 'refused': {
      const id = (state.refusals[0]?.id ?? 0) + 1;
      const refusal = { id, action: action.action, code: action.code, text: action.text };
      return { ...state, refusals: [refusal, ...state.refusals].slice(0, MAX_REFUSALS) };
    }
    case 'notifications':
      return { ...state, notificationsConnected: action.connected };
    case 'notification':
      if (state.notifications.some((n) => n.id === action.notification.id)) return state;
      return {
        ...state,
        notifications: appendBounded(state.notifications, action.notification, MAX_NOTIFICATIONS),
      };
    case 'delivery':
      return { ...state, delivery: action.text };
  }
}

/** The room being shown. */
export function activeRoom(state: ChatState): RoomView | undefined {
  return state.rooms.find((r) => r.name === state.active);
}

/** "Ana está escribiendo…", "Ana y Luis están escribiendo…", or nothing. */
export function typingText(room: RoomView | undefined): string {
  const names = room?.typing.map((t) => t.user.name) ?? [];
  if (names.length === 0) return '';
  if (names.length === 1) return `${names[0]} está escribiendo…`;
  const list = `${names.slice(0, -1).join(', ')} y ${names.at(-1)}`;
  return `${list} están escribiendo…`;
}
