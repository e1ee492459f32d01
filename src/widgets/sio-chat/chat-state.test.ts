import { describe, expect, it } from 'vitest';
import type { ChatMessage, ChatUser } from '../../protocol';
import {
  activeRoom,
  chatReducer,
  initialChatState,
  MAX_MESSAGES,
  typingText,
  type ChatAction,
  type ChatState,
} from './chat-state';

const ana: ChatUser = { id: 'u1', name: 'Ana', role: 'student' };
const luis: ChatUser = { id: 'u2', name: 'Luis', role: 'student' };
const eva: ChatUser = { id: 'u3', name: 'Eva', role: 'student' };
const msg = (id: string, ts: number, from = luis, room = 'general'): ChatMessage => ({
  id,
  room,
  text: `texto ${id}`,
  from,
  ts,
});
const run = (...actions: ChatAction[]) =>
  actions.reduce<ChatState>(
    chatReducer,
    chatReducer(initialChatState(), { type: 'identity', user: ana, expiresAt: 9e12 }),
  );

describe('chat reducer', () => {
  it('a refused instructor key is kept until the next identity or sign-out', () => {
    const refused = chatReducer(initialChatState(), { type: 'key-error', text: 'clave mala' });
    expect(refused.keyError).toBe('clave mala');
    expect(chatReducer(refused, { type: 'key-error' }).keyError).toBeUndefined();
    const signedIn = chatReducer(refused, { type: 'identity', user: ana, expiresAt: 1 });
    expect(signedIn.keyError).toBeUndefined();
    expect('keyError' in chatReducer(refused, { type: 'forget' })).toBe(true);
    expect(chatReducer(refused, { type: 'forget' }).keyError).toBeUndefined();
  });

  it('a join brings history and members and makes the room active', () => {
    const s = run(
      { type: 'joined', room: 'general', history: [msg('a', 1)], members: [ana, luis] },
      { type: 'joined', room: 'dudas', history: [], members: [ana] },
    );
    expect(s.rooms.map((r) => r.name)).toEqual(['general', 'dudas']);
    expect(s.active).toBe('dudas');
    expect(s.rooms[0]!.messages.map((m) => m.id)).toEqual(['a']);
  });

  it('keeps each message once, oldest first, whether it came by ack, broadcast or history', () => {
    const s = run(
      { type: 'joined', room: 'general', history: [msg('b', 2), msg('a', 1)], members: [] },
      { type: 'message', message: msg('c', 3) },
      { type: 'message', message: msg('c', 3) },
      {
        type: 'joined',
        room: 'general',
        history: [msg('a', 1), msg('b', 2), msg('d', 4)],
        members: [],
      },
    );
    expect(activeRoom(s)!.messages.map((m) => m.id)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('keeps only the newest messages', () => {
    let s = run({ type: 'joined', room: 'general', history: [], members: [] });
    for (let i = 0; i < MAX_MESSAGES + 5; i++)
      s = chatReducer(s, { type: 'message', message: msg(`m${i}`, i) });
    expect(activeRoom(s)!.messages).toHaveLength(MAX_MESSAGES);
    expect(activeRoom(s)!.messages[0]!.id).toBe('m5');
  });

  it('ignores messages of rooms this socket is not in', () => {
    const s = run({ type: 'message', message: msg('x', 1, luis, 'otra') });
    expect(s.rooms).toEqual([]);
  });

  it('leaving the active room activates another', () => {
    const s = run(
      { type: 'joined', room: 'general', history: [], members: [] },
      { type: 'joined', room: 'dudas', history: [], members: [] },
      { type: 'left', room: 'dudas' },
    );
    expect(s.rooms.map((r) => r.name)).toEqual(['general']);
    expect(s.active).toBe('general');
    expect(chatReducer(s, { type: 'activate', room: 'nope' }).active).toBe('general');
  });

  it('presence replaces the member list', () => {
    const s = run(
      { type: 'joined', room: 'general', history: [], members: [ana] },
      { type: 'presence', room: 'general', members: [ana, luis, eva] },
    );
    expect(activeRoom(s)!.members).toEqual([ana, luis, eva]);
  });

  it('shows who is typing until it fades or they send, never ourselves', () => {
    const joined = run({ type: 'joined', room: 'general', history: [], members: [] });
    let s = chatReducer(joined, { type: 'typing', room: 'general', user: luis, until: 3000 });
    s = chatReducer(s, { type: 'typing', room: 'general', user: ana, until: 3000 });
    expect(typingText(activeRoom(s))).toBe('Luis está escribiendo…');
    s = chatReducer(s, { type: 'typing', room: 'general', user: eva, until: 5000 });
    expect(typingText(activeRoom(s))).toBe('Luis y Eva están escribiendo…');
    s = chatReducer(s, { type: 'tick', now: 3000 });
    expect(typingText(activeRoom(s))).toBe('Eva está escribiendo…');
    s = chatReducer(s, { type: 'message', message: msg('e', 1, eva) });
    expect(typingText(activeRoom(s))).toBe('');
  });

  it('keeps the five newest refusals, newest first, across a sign-out', () => {
    let s = run();
    for (let i = 1; i <= 7; i++)
      s = chatReducer(s, { type: 'refused', action: 'a', code: 'RATE_LIMITED', text: `r${i}` });
    expect(s.refusals.map((r) => r.text)).toEqual(['r7', 'r6', 'r5', 'r4', 'r3']);
    s = chatReducer(s, { type: 'forget' });
    expect(s.user).toBeUndefined();
    expect(s.connection).toBe('idle');
    expect(s.refusals).toHaveLength(5);
  });

  it('lists each notification once', () => {
    const n = { id: 'n1', scope: 'user' as const, from: ana, text: 'hola', ts: 1 };
    const s = run(
      { type: 'notification', notification: n },
      { type: 'notification', notification: n },
    );
    expect(s.notifications).toEqual([n]);
  });
});
