import { useState } from 'preact/hooks';
import type { ChatState } from './chat-state';

/** The token expired and the server closed the session: why, and one click to come back. */
export function SessionEnded({
  ended,
  onSignInAgain,
}: {
  ended: NonNullable<ChatState['ended']>;
  onSignInAgain: (name: string) => Promise<void>;
}) {
  const [busy, setBusy] = useState(false);
  return (
    <div class="chat-ended" role="status" data-session-ended={ended.code}>
      <p>
        <strong>Sesión terminada</strong> <span class="tr-tag">{ended.code}</span> {ended.message}
      </p>
      <p class="chat-ended-hint">
        Un token caducado no se renueva: entrar de nuevo pide uno nuevo (y con él, otro id de
        usuario).
      </p>
      <button
        type="button"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          try {
            await onSignInAgain(ended.name);
          } finally {
            setBusy(false);
          }
        }}
      >
        Entrar de nuevo como {ended.name}
      </button>
    </div>
  );
}
