import type { TransportId } from '../../protocol';

/** What each lane pays on the wire for every event, in one line (the widget's "paga"). */
export const LANE_COSTS: Record<TransportId, string> = {
  'short-polling':
    'Una petición HTTP entera por sondeo, traiga algo o no: cabeceras en cada respuesta, y el evento espera de media medio intervalo.',
  'long-polling':
    'Cabeceras HTTP en cada respuesta, y tras cada entrega una petición nueva: un viaje de ida y vuelta en el que lo que se publique espera.',
  sse: 'Una sola respuesta abierta: cada evento paga solo el encuadre de campos de SSE (id:, data:, línea en blanco) y el troceado chunked de HTTP/1.1.',
  websocket:
    'Una sola conexión: cada evento va en un frame con 2 bytes de cabecera (4 cuando los datos pasan de 125 bytes, como aquí), sin máscara del servidor al cliente.',
  'socket-io':
    'Como WebSocket, más el paquete de Engine.IO y Socket.IO (42["message",…]) dentro de cada frame, con el offset de la recuperación del estado al final, y sus pings.',
};

/**
 * How each lane's line is drawn, besides its colour (so colour is never the only cue): a dash
 * pattern in CSS pixels, as uPlot and SVG's stroke-dasharray take it.
 */
export const LANE_DASHES: Record<TransportId, number[]> = {
  'short-polling': [12, 5],
  'long-polling': [10, 4, 2, 4],
  sse: [2, 3],
  websocket: [],
  'socket-io': [5, 3],
};

/** The CSS custom property with a lane's colour (set per theme in race.css). */
export function laneColorVar(id: TransportId): string {
  return `--race-${id}`;
}
