import type { ChatMessage, ChatUser, Envelope } from '../../src/protocol';

/** Bus channels (and `/chat` rooms) of chat rooms: `chat:<room>`. */
const CHAT_CHANNEL_PREFIX = 'chat:';

/** The bus channel, and the Socket.IO room of `/chat`, of a chat room. */
export const chatChannelOf = (room: string) => `${CHAT_CHANNEL_PREFIX}${room}`;

/** The chat room of a `/chat` Socket.IO room, or null for other rooms (a socket's own). */
export function chatRoomOf(socketRoom: string): string | null {
  return socketRoom.startsWith(CHAT_CHANNEL_PREFIX)
    ? socketRoom.slice(CHAT_CHANNEL_PREFIX.length)
    : null;
}

/**
 * Why a client of the generic transports may not publish into, or read, `channel`, or null. Chat
 * rooms carry only what `/chat` stored after checking the sender's token and membership, and are
 * read only by members (the instructors' room would otherwise be one poll away).
 */
export function chatChannelRefusal(channel: string): string | null {
  if (!channel.startsWith(CHAT_CHANNEL_PREFIX)) return null;
  return `channel "${channel}" belongs to the chat: use the /chat namespace with a token`;
}

/** What a chat message stores in the bus as the envelope's `data`. */
export interface StoredChatData {
  text: string;
  from: ChatUser;
}

/** The chat message an envelope of `chat:<room>` holds, or null if it holds something else. */
export function toChatMessage(envelope: Envelope): ChatMessage | null {
  const room = chatRoomOf(envelope.channel);
  const data = envelope.data as Partial<StoredChatData> | null;
  if (room === null || typeof data !== 'object' || data === null) return null;
  if (typeof data.text !== 'string' || typeof data.from !== 'object' || data.from === null) {
    return null;
  }
  return { id: envelope.id, room, text: data.text, from: data.from, ts: envelope.ts };
}
