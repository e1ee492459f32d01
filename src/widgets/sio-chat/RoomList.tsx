import { useState } from 'preact/hooks';
import { INSTRUCTORS_ROOM, isChannelName } from '../../protocol';
import type { ChatState } from './chat-state';
import { SUGGESTED_ROOMS } from './sio-chat-store';

/** The rooms this socket is in (to switch or leave), suggested ones, and any other by name. */
export function RoomList(props: {
  state: ChatState;
  disabled: boolean;
  onJoin: (room: string) => void;
  onLeave: (room: string) => void;
  onActivate: (room: string) => void;
}) {
  const { state, disabled } = props;
  const [draft, setDraft] = useState('');
  const joined = new Set(state.rooms.map((r) => r.name));
  const invalid = draft !== '' && !isChannelName(draft);
  return (
    <div class="chat-rooms">
      <ul class="chat-rooms__joined" aria-label="Tus salas">
        {state.rooms.map((room) => (
          <li key={room.name} data-room={room.name}>
            <button
              type="button"
              aria-pressed={state.active === room.name}
              onClick={() => props.onActivate(room.name)}
            >
              #{room.name} <span class="chat-count">({room.members.length})</span>
            </button>
            <button
              type="button"
              class="chat-leave"
              disabled={disabled}
              aria-label={`Salir de #${room.name}`}
              onClick={() => props.onLeave(room.name)}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <div class="tr-controls">
        {SUGGESTED_ROOMS.filter((r) => !joined.has(r)).map((room) => (
          <button key={room} type="button" disabled={disabled} onClick={() => props.onJoin(room)}>
            Unirse a #{room}
            {room === INSTRUCTORS_ROOM ? ' (docentes)' : ''}
          </button>
        ))}
      </div>
      <form
        class="chat-free-room"
        onSubmit={(event) => {
          event.preventDefault();
          props.onJoin(draft);
          if (!invalid) setDraft('');
        }}
      >
        <label>
          Otra sala
          <input
            type="text"
            value={draft}
            placeholder="mi-grupo"
            aria-invalid={invalid}
            aria-describedby="chat-room-rule"
            onInput={(event) => setDraft(event.currentTarget.value)}
          />
        </label>
        <button type="submit" disabled={disabled || draft === ''}>
          Unirse
        </button>
        <p id="chat-room-rule" class={invalid ? 'chat-rule chat-rule--bad' : 'chat-rule'}>
          1-64 caracteres: a-z, 0-9, «:», «_» o «-», empezando por letra o número.
        </p>
      </form>
    </div>
  );
}
