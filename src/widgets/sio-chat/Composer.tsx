import { useState } from 'preact/hooks';
import { CHAT_LIMITS } from '../../protocol';
import { BURST_SIZE } from './sio-chat-store';

/**
 * The message box of the active room. No `maxlength`: the server enforces the limit, and
 * a 2,001-character message shows its refusal.
 */
export function Composer(props: {
  room: string;
  disabled: boolean;
  onSend: (text: string) => Promise<boolean>;
  onTyped: () => void;
  onBurst: () => void;
}) {
  const [text, setText] = useState('');
  const length = [...text].length;
  const over = length > CHAT_LIMITS.maxTextLength;
  return (
    <form
      class="chat-composer"
      onSubmit={async (event) => {
        event.preventDefault();
        if (text.trim() === '') return;
        if (await props.onSend(text)) setText('');
      }}
    >
      <label>
        Mensaje para #{props.room}
        <input
          type="text"
          value={text}
          placeholder="Escribe y pulsa Intro"
          onInput={(event) => {
            setText(event.currentTarget.value);
            props.onTyped();
          }}
        />
      </label>
      <div class="tr-controls">
        <button type="submit" disabled={props.disabled}>
          Enviar
        </button>
        <button type="button" disabled={props.disabled} onClick={props.onBurst}>
          Enviar {BURST_SIZE} de golpe
        </button>
        <button
          type="button"
          disabled={props.disabled}
          onClick={() => setText('x'.repeat(CHAT_LIMITS.maxTextLength + 1))}
        >
          Rellenar con {CHAT_LIMITS.maxTextLength + 1} caracteres
        </button>
        <span class={over ? 'chat-counter chat-counter--over' : 'chat-counter'}>
          {length}/{CHAT_LIMITS.maxTextLength}
        </span>
      </div>
    </form>
  );
}
