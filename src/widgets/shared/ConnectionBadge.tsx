import type { ConnectionState } from '../../transports';
import type { Tone } from './tone';

const LABELS: Record<ConnectionState, string> = {
  idle: 'En espera',
  connecting: 'Conectando…',
  connected: 'Conectado',
  offline: 'Sin conexión',
  error: 'Error',
};

const TONES: Record<ConnectionState, Tone> = {
  idle: 'info',
  connecting: 'info',
  connected: 'ok',
  offline: 'warn',
  error: 'bad',
};

/** The connection state as a coloured pill with a text label (colour is never the only cue). */
export function ConnectionBadge({ state }: { state: ConnectionState }) {
  return (
    <span class={`tr-badge tr-tone--${TONES[state]}`} role="status">
      <span class="tr-badge__dot" aria-hidden="true" />
      {LABELS[state]}
    </span>
  );
}
