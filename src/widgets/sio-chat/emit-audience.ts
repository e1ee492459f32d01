import type { ChatUser } from '../../protocol';
import { activeRoom, type ChatState } from './chat-state';

/** Who receives one way of emitting, as the side panel says it. */
export interface Audience {
  /** The server-side call, with the Socket.IO room of the active chat room. */
  code: string;
  /** In plain Spanish, from this socket's point of view. */
  who: string;
  /** Whether this socket receives it. */
  reachesMe: boolean;
}

const names = (users: ChatUser[]) => users.map((u) => u.name).join(', ');

/**
 * Who receives each kind of server emit, from what this socket knows: its rooms and their
 * presence. The semantics are Socket.IO's (https://socket.io/docs/v4/emit-cheatsheet/):
 * `to(room)` on a socket leaves that socket out, on the namespace it does not; `broadcast` is
 * every socket of the namespace but this one, in a room or not. `nsp` stands for
 * `io.of('/chat')`: `io.to()` and `io.emit()` alone would address the main namespace `/`.
 */
export function emitAudiences(state: ChatState): Audience[] {
  const me = state.user?.id;
  const room = activeRoom(state);
  const target = room ? socketRoomOf(room.name) : 'chat:<sala>';
  const others = room?.members.filter((u) => u.id !== me) ?? [];
  const seen = new Map<string, ChatUser>();
  for (const r of state.rooms) for (const u of r.members) if (u.id !== me) seen.set(u.id, u);

  const toRoom = !room
    ? 'Únete a una sala para verlo.'
    : others.length === 0
      ? `Nadie: en #${room.name} no hay nadie más (tú no lo recibes).`
      : `Los demás de #${room.name} (${others.length}): ${names(others)}. Tú no.`;
  const everyoneInRoom = !room
    ? 'Únete a una sala para verlo.'
    : `Todos los de #${room.name} (${others.length + 1}), tú incluido.`;
  const inYourRooms = seen.size > 0 ? ` De los que ves en tus salas: ${seen.size}.` : '';

  return [
    { code: `socket.emit('ev')`, who: 'Solo tú: este socket, esta pestaña.', reachesMe: true },
    { code: `socket.to('${target}').emit('ev')`, who: toRoom, reachesMe: false },
    { code: `nsp.to('${target}').emit('ev')`, who: everyoneInRoom, reachesMe: Boolean(room) },
    {
      code: `socket.broadcast.emit('ev')`,
      who: `Todos los conectados a /chat menos tú, estén o no en una sala.${inYourRooms}`,
      reachesMe: false,
    },
    {
      code: `nsp.emit('ev')`,
      who: 'Todos los conectados a /chat, tú incluido.',
      reachesMe: true,
    },
  ];
}

/** The Socket.IO room the demo server uses for a chat room: `chat:<room>`, its bus channel too. */
function socketRoomOf(room: string): string {
  return `chat:${room}`;
}

/**
 * `socket.rooms` on the server, as far as this client knows: the socket's own room (its id;
 * every socket joins it on connect) and the rooms it joined.
 */
export function knownSocketRooms(state: ChatState): string[] {
  return [
    ...(state.socketId ? [state.socketId] : []),
    ...state.rooms.map((r) => socketRoomOf(r.name)),
  ];
}
