import type { ConnectionState } from '../../transports';

const LABELS: Record<ConnectionState, string> = {
  idle: 'En espera',
  connecting: 'Conectando…',
  connected: 'Conectado',
  offline: 'Sin conexión',
  error: 'Error',
};

/** The connection state as a coloured pill with a text label (colour is never the only cue). */
export function ConnectionBadge({ state }: { state: ConnectionState }) {
  return (
    <span class={`tr-badge tr-badge--${state}`} role="status">
      <span class="tr-badge__dot" aria-hidden="true" />
      {LABELS[state]}
    </span>
  );
}
