/** Every page of the course and the live widgets each lesson must show (the testability contract). */
export const COURSE_PAGES: { path: string; widgets: string[] }[] = [
  { path: '/', widgets: [] },
  { path: '/lecciones/01-de-peticion-respuesta-a-tiempo-real/', widgets: [] },
  { path: '/lecciones/02-short-polling/', widgets: ['short-polling'] },
  { path: '/lecciones/03-long-polling/', widgets: ['long-polling'] },
  { path: '/lecciones/04-server-sent-events/', widgets: ['sse'] },
  { path: '/lecciones/05-protocolo-websocket/', widgets: ['ws-handshake', 'ws-frames'] },
  { path: '/lecciones/06-websocket-en-la-practica/', widgets: ['websocket'] },
  { path: '/lecciones/07-socket-io/', widgets: ['sio-packets'] },
  { path: '/lecciones/08-salas-y-espacios-de-nombres/', widgets: ['sio-chat'] },
  { path: '/lecciones/09-autenticacion/', widgets: ['sio-auth'] },
  { path: '/lecciones/10-comparativa/', widgets: ['race'] },
  { path: '/lecciones/11-alternativas/', widgets: [] },
  { path: '/guia-docente/', widgets: [] },
  { path: '/404.html', widgets: [] },
];

/**
 * Widgets that open connections only when the student acts: the race, the chat (once the student
 * has given a name) and the authentication widget.
 */
const IDLE_UNTIL_USED = new Set(['race', 'sio-chat', 'sio-auth']);

/** The state a widget rests in once its server answers: `idle` for those above, else `connected`. */
export function readyState(widget: string): string {
  return IDLE_UNTIL_USED.has(widget) ? 'idle' : 'connected';
}

/**
 * A plain Starlight content page (headings, table of contents, code blocks, none of our
 * components): the yardstick for the JavaScript budget.
 */
export const PLAIN_STARLIGHT_PAGE = '/guia-docente/';
