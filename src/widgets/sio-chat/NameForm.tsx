import { useId, useState } from 'preact/hooks';
import { CHAT_LIMITS } from '../../protocol';

/**
 * The first step: a name, for which the server gives a token (`POST /auth/token`), and, folded
 * away, the instructor key that makes it an instructor's token.
 */
export function NameForm({
  onSubmit,
  disabled,
  keyError,
}: {
  onSubmit: (name: string, instructorKey: string) => Promise<void>;
  disabled: boolean;
  /** The server's reason for refusing the key, shown beside the field. */
  keyError?: string;
}) {
  const [name, setName] = useState('');
  const [key, setKey] = useState('');
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const errorId = useId();
  return (
    <form
      class="chat-name"
      onSubmit={async (event) => {
        event.preventDefault();
        setBusy(true);
        try {
          await onSubmit(name, key);
        } finally {
          setBusy(false);
        }
      }}
    >
      <label>
        Tu nombre en el chat
        <input
          type="text"
          name="chat-name"
          autoComplete="nickname"
          value={name}
          placeholder="Ana"
          onInput={(event) => setName(event.currentTarget.value)}
        />
      </label>
      <button type="submit" disabled={disabled || busy}>
        Entrar al chat
      </button>
      <details
        class="chat-instructor"
        open={open}
        onToggle={(event) => setOpen(event.currentTarget.open)}
      >
        <summary>Soy docente</summary>
        <label>
          Clave de docente (opcional)
          <input
            type="password"
            name="chat-instructor-key"
            autoComplete="off"
            value={key}
            aria-invalid={keyError !== undefined}
            aria-describedby={keyError ? errorId : undefined}
            onInput={(event) => setKey(event.currentTarget.value)}
          />
        </label>
        {keyError && (
          <p id={errorId} class="chat-key-error" data-key-error>
            {keyError}
          </p>
        )}
        <p class="tr-note">
          La que el servidor imprime al arrancar (o su <code>INSTRUCTOR_KEY</code>). Con ella, el
          token lleva el rol de docente: puedes entrar en <code>#instructors</code> y avisar a
          todos. La clave viaja una sola vez; el widget guarda solo el token.
        </p>
      </details>
      <p class="tr-note">
        El servidor te da un token firmado (JWT) con tu nombre, válido{' '}
        {CHAT_LIMITS.tokenTtlSeconds / 60} minutos. El widget lo guarda en el{' '}
        <code>sessionStorage</code> de esta pestaña, así que al recargar sigues siendo tú; otra
        pestaña nueva pide otro nombre y es otra persona.
      </p>
    </form>
  );
}
