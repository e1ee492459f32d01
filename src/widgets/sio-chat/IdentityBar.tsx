import { formatTime } from '../shared/format';
import type { ChatState } from './chat-state';

const ROLE: Record<string, string> = { student: 'estudiante', instructor: 'docente' };

/** Who the token says we are, the socket, and the ways out. */
export function IdentityBar({ state, onSignOut }: { state: ChatState; onSignOut: () => void }) {
  const { user } = state;
  if (!user) return null;
  const expires = state.expiresAt ? formatTime(state.expiresAt) : '—';
  return (
    <div class="chat-identity" data-role={user.role}>
      <p>
        Eres <strong>{user.name}</strong> ({ROLE[user.role]}), id <code>{user.id.slice(0, 8)}</code>
        ; el token caduca a las {expires}. <code>socket.id</code>:{' '}
        <code data-socket-id>{state.socketId ?? '—'}</code>
        {state.recovered ? ' (recuperado)' : ''}
      </p>
      <p class="chat-renewal" aria-live="polite" data-renewed={state.renewedAt ? 'true' : 'false'}>
        {state.renewedAt
          ? `Token renovado a las ${formatTime(state.renewedAt)} sin cortar la conexión (POST /auth/refresh + auth:renew): caduca a las ${expires}.`
          : 'Antes de que caduque, el widget renovará el token sin desconectar (al 80 % de su vida).'}
      </p>
      <div class="tr-controls">
        <button
          type="button"
          onClick={() => window.open(location.href, '_blank')?.focus()}
          title="El navegador copia el sessionStorage a la pestaña que abre esta página"
        >
          Abrir otra pestaña como {user.name}
        </button>
        <button type="button" onClick={onSignOut}>
          Salir y olvidar el token
        </button>
      </div>
    </div>
  );
}
