import type { SioPacketsState } from './sio-packets-store';

/** What `socket.recovered` means right now, honestly: why it is true or false. */
export function RecoveryNote({ state }: { state: SioPacketsState }) {
  const text = recoveryText(state);
  return text ? <p class="tr-note sio-recovery">{text}</p> : null;
}

function recoveryText(state: SioPacketsState): string | null {
  if (state.recovered === undefined) return null;
  if (state.recovered) {
    return 'Recuperada: el servidor conservó el id y las salas, y te ha enviado los eventos que te perdiste durante el corte. El widget no ha tenido que volver a suscribirse.';
  }
  if (!state.recoveryOffered) {
    return 'Este servidor no tiene activada la recuperación del estado (connectionStateRecovery): su 40 no trae pid. Cada reconexión es un socket nuevo, con otro id y sin salas.';
  }
  if (state.connects <= 1) {
    return 'Primera conexión: no hay nada que recuperar. El 40 del servidor trae un pid, así que la recuperación está activada: publica algo (para recibir al menos un evento difundido por el servidor, con su offset) y corta el transporte.';
  }
  return 'No se recuperó: el servidor tiene la recuperación activada, pero no pudo usarla (hace falta haber recibido al menos un evento difundido por el servidor antes del corte, y volver antes de que caduque la sesión).';
}
