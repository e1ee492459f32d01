import type { ChatState } from './chat-state';

const ROLE: Record<string, string> = { student: 'estudiante', instructor: 'docente' };

/** Who the token says we are, the socket, and the ways out. */
export function IdentityBar({ state, onSignOut }: { state: ChatState; onSignOut: () => void }) {
  const { user } = state;
  if (!user) return null;
  const expires = state.expiresAt
    ? new Date(state.expiresAt).toLocaleTimeString('es-ES', { hour: '2-digit', minute: '2-digit' })
    : '—';
  return (
    <div class="chat-identity" data-role={user.role}>
      <p>
        Eres <strong>{user.name}</strong> ({ROLE[user.role]}), id <code>{user.id.slice(0, 8)}</code>
        ; el token caduca a las {expires}. <code>socket.id</code>:{' '}
        <code data-socket-id>{state.socketId ?? '—'}</code>
        {state.recovered ? ' (recuperado)' : ''}
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
