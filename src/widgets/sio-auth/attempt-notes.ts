import type { Attempt, AttemptKind, AttemptOutcome } from './sio-auth-state';

/** What each attempt is called in the list. */
export const KIND_LABELS: Record<AttemptKind, string> = {
  token: 'Pedir un token',
  'with-token': 'Conectar con el token',
  'without-token': 'Conectar sin token',
  tampered: 'Conectar con el token manipulado',
  expired: 'Conectar con un token caducado',
  join: 'Unirse a una sala',
  expiring: 'Conexión con un token de 5 s',
  renewing: 'Conexión con un token de 5 s, renovado en la conexión',
};

/** Whether an outcome is the server saying yes, no, or neither (still running, no answer). */
export function verdictOf(outcome: AttemptOutcome): 'ok' | 'refused' | 'pending' | 'failed' {
  if (outcome === 'pending' || outcome === 'waiting' || outcome === 'watching') return 'pending';
  if (
    outcome === 'issued' ||
    outcome === 'connected' ||
    outcome === 'joined' ||
    outcome === 'renewed'
  )
    return 'ok';
  if (outcome === 'timeout' || outcome === 'unreachable' || outcome === 'error') return 'failed';
  return 'refused';
}

/** The outcome as the student reads it: the server's code as it is, the rest in words. */
export function outcomeLabel(outcome: AttemptOutcome): string {
  switch (outcome) {
    case 'pending':
      return 'esperando respuesta…';
    case 'waiting':
      return 'esperando a que caduque…';
    case 'watching':
      return 'conectado; mirando qué pasa en exp…';
    case 'renewed':
      return 'renovado: sigue conectado';
    case 'issued':
      return 'token emitido';
    case 'connected':
      return 'conexión aceptada';
    case 'joined':
      return 'dentro de la sala';
    case 'timeout':
      return 'sin respuesta';
    case 'unreachable':
      return 'servidor inalcanzable';
    case 'error':
      return 'error';
    default:
      return outcome;
  }
}

/** The lesson behind an attempt's result, once it has one; null when there is nothing to add. */
export function noteFor(attempt: Attempt): string | null {
  const { kind, outcome } = attempt;
  if (outcome === 'TOKEN_EXPIRED' && kind === 'expiring')
    return 'La conexión estaba abierta y el token era bueno al conectar. En exp, el servidor emitió auth:expired y desconectó el socket: el cliente recibe «io server disconnect» y no reconecta solo. Sin ese temporizador, la conexión seguiría abierta con un token caducado.';
  if (outcome === 'renewed')
    return 'Al 80 % de la vida del token, el cliente pidió uno nuevo (POST /auth/refresh, con el token aún válido en Authorization) y lo envió por la misma conexión con auth:renew. El servidor comprobó que era del mismo usuario (mismo sub) y movió el corte: el socket.id no cambió. Al final cerré yo la conexión.';
  if (kind === 'renewing' && outcome === 'TOKEN_EXPIRED')
    return 'La renovación no llegó a tiempo o no se aceptó: el servidor cortó en el exp del primer token.';
  if (outcome === 'connected' && (kind === 'expiring' || kind === 'renewing'))
    return 'El servidor no cortó la conexión en exp: ¿es un servidor de demostración anterior a esta lección?';
  if (outcome === 'connected' && attempt.previousSocketId)
    return 'Otra conexión, otro socket.id; el user.id (el sub del token) es el mismo: la identidad viene del token, no del socket.';
  if (outcome === 'connected')
    return 'El middleware verificó la firma y la caducidad del token y dejó pasar el handshake. Conecta otra vez: el socket.id cambiará; el user.id, no.';
  if (outcome === 'UNAUTHORIZED' && kind === 'tampered')
    return 'El servidor recalcula HMAC-SHA256 sobre «header.payload» con su secreto y el resultado no coincide con la firma: cualquier cambio en el payload la invalida, y sin el secreto no se puede firmar de nuevo.';
  if (outcome === 'UNAUTHORIZED' && kind === 'without-token')
    return 'El handshake no traía auth.token: el middleware llamó a next(err) y el cliente recibió connect_error con err.data. Socket.IO no reintenta tras un rechazo del middleware.';
  if (outcome === 'TOKEN_EXPIRED')
    return 'La firma es válida, pero la hora actual ya pasó el exp del payload. El cliente debe pedir un token nuevo y volver a conectar.';
  if (outcome === 'FORBIDDEN')
    return 'Autenticado pero no autorizado: la conexión se aceptó y el servidor rechazó este evento para esta sala según el rol del token. La autorización se decide en el servidor, evento a evento.';
  if (outcome === 'joined')
    return 'El rol del token es instructor: el servidor autoriza la sala. Ni el cliente ni el payload decidieron nada que el servidor no verificara.';
  if (outcome === 'issued')
    return 'Mira las tres partes del token: el payload se lee sin ninguna clave.';
  return null;
}
