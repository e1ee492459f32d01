import { formatMs } from '../shared/format';

const BARS = [
  ['held', 'Retenida: el servidor aún no ha contestado'],
  ['messages', 'Respondida con mensajes (✉ y cuántos)'],
  ['timeout', 'Timeout: 200 con la lista vacía'],
  ['empty', 'Vacía al instante (la primera petición pide timeout=0)'],
  ['error', 'Error'],
  ['cancelled', 'Cancelada al cambiar el timeout'],
] as const;

/** What the timeline's bars and marks mean, with the same colours and patterns. */
export function TimelineLegend({ networkRttMs }: { networkRttMs?: number }) {
  return (
    <div class="lp-legend">
      <ul>
        {BARS.map(([outcome, text]) => (
          <li key={outcome}>
            <span class={`lp-swatch lp-bar--${outcome}`} aria-hidden="true" />
            {text}
          </li>
        ))}
        <li>
          <span class="lp-swatch lp-swatch--mark" aria-hidden="true">
            <span class="lp-mark lp-mark--published" />
          </span>
          Mensaje publicado en el servidor
        </li>
        <li>
          <span class="lp-swatch lp-swatch--mark" aria-hidden="true">
            <span class="lp-mark lp-mark--arrived" />
          </span>
          Mensaje recibido aquí
        </li>
      </ul>
      <p>
        Cada barra va de que el navegador envía la petición a que llega la respuesta. Alternan entre
        dos filas: donde acaba una empieza la siguiente. El hueco entre ambas dura milisegundos, así
        que a esta escala no se ve: lo mide «Último hueco». El servidor lo ve más largo: le suma un
        viaje de ida y vuelta por la red
        {networkRttMs === undefined ? '' : ` (aquí, unos ${formatMs(networkRttMs)})`}.
      </p>
    </div>
  );
}
