import { describe, expect, it } from 'vitest';
import type { ChatUser } from '../../protocol';
import { chatReducer, initialChatState, type ChatState } from './chat-state';
import { emitAudiences, knownSocketRooms } from './emit-audience';

const ana: ChatUser = { id: 'u1', name: 'Ana', role: 'student' };
const luis: ChatUser = { id: 'u2', name: 'Luis', role: 'student' };
const eva: ChatUser = { id: 'u3', name: 'Eva', role: 'student' };

function state(rooms: Record<string, ChatUser[]>): ChatState {
  let s = chatReducer(initialChatState(), { type: 'identity', user: ana, expiresAt: 9e12 });
  s = chatReducer(s, { type: 'connected', socketId: 'sock-1', recovered: false });
  for (const [room, members] of Object.entries(rooms))
    s = chatReducer(s, { type: 'joined', room, history: [], members });
  return s;
}

const byCode = (s: ChatState) => Object.fromEntries(emitAudiences(s).map((a) => [a.code, a]));

describe('who receives each emit', () => {
  it('socket.to(room) leaves this socket out; the namespace’s to(room) does not', () => {
    const s = chatReducer(state({ general: [ana, luis, eva], dudas: [ana] }), {
      type: 'activate',
      room: 'general',
    });
    const rows = byCode(s);
    expect(rows["socket.to('chat:general').emit('ev')"]).toMatchObject({
      who: 'Los demás de #general (2): Luis, Eva. Tú no.',
      reachesMe: false,
    });
    expect(rows["nsp.to('chat:general').emit('ev')"]).toMatchObject({
      who: 'Todos los de #general (3), tú incluido.',
      reachesMe: true,
    });
    expect(rows["socket.emit('ev')"]!.reachesMe).toBe(true);
    expect(rows["socket.broadcast.emit('ev')"]).toMatchObject({ reachesMe: false });
    expect(rows["socket.broadcast.emit('ev')"]!.who).toMatch(
      /estén o no en una sala.*De los que ves en tus salas: 2/,
    );
    expect(rows["nsp.emit('ev')"]!.reachesMe).toBe(true);
  });

  it('to(room) in a room where we are alone reaches nobody', () => {
    const rows = byCode(state({ dudas: [ana] }));
    expect(rows["socket.to('chat:dudas').emit('ev')"]!.who).toMatch(/^Nadie/);
  });

  it('without a room there is nothing to address', () => {
    const rows = emitAudiences(state({}));
    expect(rows[1]!.who).toMatch(/Únete a una sala/);
    expect(rows[2]!.reachesMe).toBe(false);
  });

  it("socket.rooms holds the socket's own id room and the joined ones", () => {
    expect(knownSocketRooms(state({ general: [ana], dudas: [ana] }))).toEqual([
      'sock-1',
      'chat:general',
      'chat:dudas',
    ]);
  });
});
