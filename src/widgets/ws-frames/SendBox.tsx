import { useState } from 'preact/hooks';
import { LONG_EXAMPLE, pingExample } from './sent-frames';

/** The text box that sends exactly what is typed as one frame, plus two ready examples. */
export function SendBox(props: {
  onSend: (text: string) => void;
  disabled: boolean;
  error?: string;
}) {
  const [text, setText] = useState('');
  const bytes = new TextEncoder().encode(text).length;
  const send = (value: string) => {
    setText(value);
    props.onSend(value);
  };
  return (
    <form
      class="wsf-send"
      onSubmit={(event) => {
        event.preventDefault();
        if (text) send(text);
      }}
    >
      <label class="wsf-send__label">
        Texto de la trama
        <textarea
          rows={2}
          maxLength={1000}
          value={text}
          placeholder='Escribe algo, por ejemplo Hola o {"type":"ping","t":1}'
          onInput={(event) => setText(event.currentTarget.value)}
          onKeyDown={(event) => {
            // Enter sends, as in a chat; Shift+Enter keeps a line break in the frame.
            if (event.key === 'Enter' && !event.shiftKey) {
              event.preventDefault();
              event.currentTarget.form?.requestSubmit();
            }
          }}
        />
      </label>
      <div class="wsf-send__actions">
        <button type="submit" disabled={props.disabled || !text}>
          Enviar
        </button>
        <button
          type="button"
          disabled={props.disabled}
          onClick={() => send(pingExample(Date.now()))}
        >
          Enviar un ping válido
        </button>
        <button type="button" disabled={props.disabled} onClick={() => send(LONG_EXAMPLE)}>
          Enviar un texto de 200 bytes
        </button>
        <span class="wsf-note">
          {bytes} {bytes === 1 ? 'byte' : 'bytes'} en UTF-8
        </span>
      </div>
      <p class="wsf-note">
        Se envía exactamente lo que escribes, como una trama de texto. En <code>/ws</code> se habla
        JSON: si tu texto no es un mensaje válido, el servidor te contesta con un error. Es lo
        esperado.
      </p>
      {props.error && (
        <p class="wsf-error" role="alert">
          No se pudo enviar: {props.error}
        </p>
      )}
    </form>
  );
}
