import type { HeaderLine } from '../../protocol';

/** The value of header `name` (case-insensitive, as HTTP says), or undefined. */
export function headerValue(headers: HeaderLine[], name: string): string | undefined {
  const wanted = name.toLowerCase();
  return headers.find(([n]) => n.toLowerCase() === wanted)?.[1];
}

const REQUEST_NOTES: Record<string, string> = {
  upgrade: 'Pide cambiar de protocolo: de HTTP a «websocket».',
  connection:
    'Upgrade: esta petición es un cambio de protocolo. Es una cabecera salto a salto (un proxy no la reenvía si no se le configura).',
  'sec-websocket-key':
    '16 bytes aleatorios en base64, nuevos en cada conexión. No es un secreto: viaja en claro.',
  'sec-websocket-version': '13, la única versión que define la RFC 6455.',
  origin:
    'El origen de la página. Lo pone el navegador (tu JavaScript no puede cambiarlo) y el servidor lo comprueba antes de aceptar.',
};

const RESPONSE_NOTES: Record<string, string> = {
  upgrade: 'El servidor acepta el cambio a «websocket».',
  connection: 'Upgrade: confirma el cambio de protocolo en esta misma conexión TCP.',
  'sec-websocket-accept':
    'base64(SHA-1(clave + GUID)): prueba de que el servidor entendió el handshake. Abajo lo recalculamos.',
};

/** The short Spanish note on a header that matters in the handshake, or undefined. */
export function headerNote(side: 'request' | 'response', name: string): string | undefined {
  return (side === 'request' ? REQUEST_NOTES : RESPONSE_NOTES)[name.toLowerCase()];
}
