import { useState } from 'preact/hooks';
import { CHAT_LIMITS } from '../../protocol';

/** The first step: a name, for which the server gives a token (`POST /auth/token`). */
export function NameForm({
  onSubmit,
  disabled,
}: {
  onSubmit: (name: string) => Promise<void>;
  disabled: boolean;
}) {
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  return (
    <form
      class="chat-name"
      onSubmit={async (event) => {
        event.preventDefault();
        setBusy(true);
        try {
          await onSubmit(name);
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
      <p class="sio-note">
        El servidor te da un token firmado (JWT) con tu nombre, válido{' '}
        {CHAT_LIMITS.tokenTtlSeconds / 60} minutos. El widget lo guarda en el{' '}
        <code>sessionStorage</code> de esta pestaña, así que al recargar sigues siendo tú; otra
        pestaña nueva pide otro nombre y es otra persona.
      </p>
    </form>
  );
}
