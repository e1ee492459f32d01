import type { RequestRecord } from '../../transports';
import { formatClock, formatMs } from './format';

const OUTCOMES: Record<RequestRecord['outcome'], string> = {
  messages: 'con novedades',
  empty: 'vacía',
  timeout: 'tiempo agotado',
  error: 'error',
};

/**
 * The last HTTP requests a polling client made: when, status, how long, the size of the response
 * body (headers are not counted: the client cannot see them) and whether they carried news.
 */
export function RequestLog({ requests }: { requests: RequestRecord[] }) {
  return (
    <div class="tr-table-wrap" tabIndex={0} aria-label="Registro de peticiones">
      <table class="tr-table">
        <caption class="tr-visually-hidden">Últimas peticiones al servidor</caption>
        <thead>
          <tr>
            <th scope="col">Hora</th>
            <th scope="col">Estado</th>
            <th scope="col">Duración</th>
            <th scope="col">Cuerpo (bytes)</th>
            <th scope="col">Mensajes</th>
            <th scope="col">Resultado</th>
          </tr>
        </thead>
        <tbody>
          {[...requests].reverse().map((r) => (
            <tr key={r.startedAt} data-outcome={r.outcome}>
              <td>{formatClock(r.startedAt)}</td>
              <td>{r.status || '—'}</td>
              <td>{formatMs(r.endedAt - r.startedAt)}</td>
              <td>{r.status ? r.bytes : '—'}</td>
              <td>{r.messages}</td>
              <td>{OUTCOMES[r.outcome]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
