import type { ChatUser } from '../../protocol';
import { formatTime } from '../shared/format';
import { typingText, type RoomView } from './chat-state';

/**
 * The active room: members, messages (oldest first) and who is typing. Text is always rendered
 * as text (Preact escapes it): messages come from other people and must never become HTML.
 */
export function MessageLog({ room, me }: { room: RoomView | undefined; me: ChatUser | undefined }) {
  if (!room) return <p class="tr-empty">Únete a una sala para ver sus mensajes.</p>;
  return (
    <div class="chat-room" data-active-room={room.name}>
      <p class="chat-members">
        <strong>En #{room.name}:</strong>{' '}
        <span data-members>
          {room.members.map((m) => (m.id === me?.id ? `${m.name} (tú)` : m.name)).join(', ')}
        </span>
      </p>
      <ol
        class="chat-messages"
        // Scrollable: focusable so the keyboard can scroll it (WCAG 2.1.1).
        tabIndex={0}
        aria-live="polite"
        aria-label={`Mensajes de #${room.name}`}
      >
        {room.messages.length === 0 && <li class="tr-empty">Aún no hay mensajes.</li>}
        {room.messages.map((m) => (
          <li key={m.id} data-message-id={m.id} class={m.from.id === me?.id ? 'chat-mine' : ''}>
            <span class="chat-meta">
              <strong>{m.from.name}</strong>
              {m.from.role === 'instructor' ? ' (docente)' : ''} · {formatTime(m.ts)}
            </span>
            <span class="chat-text">{m.text}</span>
          </li>
        ))}
      </ol>
      <p class="chat-typing" aria-live="polite" data-typing>
        {typingText(room)}
      </p>
    </div>
  );
}
