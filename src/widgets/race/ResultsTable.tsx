import { useState } from 'preact/hooks';
import type { RaceSnapshot } from '../../race';
import { copyText } from './copy-text';
import type { RaceSettings } from './race-store';
import {
  describeOffset,
  describeSettings,
  formatCost,
  formatLatency,
  laneRows,
  resultsMarkdown,
} from './race-view';

type CopyState = 'idle' | 'copied' | 'manual';

/** The race's numbers as a table, and a button that copies them as Markdown. */
export function ResultsTable(props: { snapshot: RaceSnapshot; settings: RaceSettings }) {
  const { snapshot, settings } = props;
  const [copy, setCopy] = useState<CopyState>('idle');
  const text = resultsMarkdown(snapshot, settings);
  return (
    <div class="race-results">
      <p class="race-results__about">
        {describeSettings(settings)}. Latencias de ida en ms, con el reloj del servidor (desfase{' '}
        {describeOffset(snapshot)}).
      </p>
      {/* Focusable, so a keyboard can scroll it sideways on a phone. */}
      <div
        class="tr-table-wrap race-results__wrap"
        role="region"
        aria-label="Tabla de resultados"
        tabIndex={0}
      >
        <table class="tr-table race-results__table">
          <caption>Resultados de la carrera</caption>
          <thead>
            <tr>
              <th scope="col">Transporte</th>
              <th scope="col">Recibidos / enviados</th>
              <th scope="col">p50 (ms)</th>
              <th scope="col">p90 (ms)</th>
              <th scope="col">p99 (ms)</th>
              <th scope="col">Peticiones por mensaje</th>
              <th scope="col">Bytes por mensaje</th>
              <th scope="col">Bytes de preparación</th>
            </tr>
          </thead>
          <tbody>
            {laneRows(snapshot).map((row) => (
              <tr key={row.transport} data-result={row.transport}>
                <th scope="row">{row.label}</th>
                <td>
                  {row.received}/{row.sent}
                </td>
                <td>{formatLatency(row.p50)}</td>
                <td>{formatLatency(row.p90)}</td>
                <td>{formatLatency(row.p99)}</td>
                <td>{formatCost(row.requestsPerMessage, 2)}</td>
                <td>{formatCost(row.bytesPerMessage)}</td>
                <td>{row.setupBytes ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div class="tr-controls">
        <button
          type="button"
          onClick={async () => setCopy((await copyText(text)) ? 'copied' : 'manual')}
        >
          Copiar resultados
        </button>
        <span role="status">
          {copy === 'copied' && 'Copiados como tabla Markdown.'}
          {copy === 'manual' && 'El navegador no dejó copiar: selecciona el texto de abajo.'}
        </span>
      </div>
      {copy === 'manual' && (
        <textarea
          class="race-results__manual"
          readOnly
          rows={9}
          value={text}
          aria-label="Resultados en Markdown"
          onFocus={(event) => event.currentTarget.select()}
        />
      )}
    </div>
  );
}
