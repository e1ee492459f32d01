import { HEARTBEAT_CLOSE_CODE } from '../../transports';

const EXPLANATIONS: Record<number, string> = {
  1000: 'Cierre normal: el servidor envió una trama close con 1000 y el cierre fue ordenado.',
  1001: '«Going away»: el otro extremo se va (un servidor que se apaga, una página que se cierra).',
  1006: 'No llegó ninguna trama close: el servidor cortó la conexión TCP. Ese 1006 lo pone el navegador; nunca viaja por la red.',
  1008: 'Violación de política: el servidor rechaza algo de esta conexión (por ejemplo, no está autorizada).',
  1009: 'Mensaje demasiado grande: una trama superó el límite del servidor (16 KiB).',
  1011: 'Error interno: algo falló en el servidor al atender la conexión.',
  1013: '«Try again later»: el servidor está saturado o este cliente no leía sus mensajes.',
  [HEARTBEAT_CLOSE_CODE]:
    'Código propio (4000-4999 son de uso privado): el cliente cerró porque el latido no obtuvo respuesta.',
};

/** One Spanish sentence explaining a WebSocket close code. */
export function explainCloseCode(code: number): string {
  return EXPLANATIONS[code] ?? `Código ${code}: consulta el registro de códigos de la IANA.`;
}
