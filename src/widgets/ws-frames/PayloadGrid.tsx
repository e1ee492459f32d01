import type { FrameReport } from '../../protocol';
import { hex2, payloadCells } from './frame-bytes';

/** Payload bytes shown in the grid; the report carries up to 256. */
const SHOWN_BYTES = 64;

/**
 * The payload byte by byte: as it travelled (masked), the key byte it was XORed with, the
 * original byte and its character, one column per byte so each XOR reads top to bottom.
 */
export function PayloadGrid({ report }: { report: FrameReport }) {
  const cells = payloadCells(report, SHOWN_BYTES);
  if (report.payloadLength === 0) return <p class="tr-empty">Sin datos (longitud 0).</p>;
  const hidden = report.payloadLength - cells.length;
  return (
    <div class="wsf-payload">
      <p class="wsf-note">
        Cada columna es un byte: arriba, tal como viajó; debajo, el byte de la clave que le toca
        (posición mod 4) y el XOR de los dos, que es tu byte original, con su carácter.
      </p>
      <ol
        class="wsf-grid"
        aria-label="Datos byte a byte: posición, enmascarado, clave, original y carácter"
      >
        <li class="wsf-cell wsf-cell--legend" aria-hidden="true">
          <span class="wsf-cell__i">byte</span>
          <span class="wsf-cell__m">enmascarado</span>
          <span class="wsf-cell__k">⊕ clave</span>
          <span class="wsf-cell__p">= original</span>
          <span class="wsf-cell__c">carácter</span>
        </li>
        {cells.map((cell) => (
          <li key={cell.index} class="wsf-cell">
            <span class="wsf-cell__i">{cell.index}</span>
            <span class="wsf-cell__m">{hex2(cell.masked)}</span>
            <span class="wsf-cell__k">{cell.key === undefined ? '—' : hex2(cell.key)}</span>
            <span class="wsf-cell__p">{hex2(cell.plain)}</span>
            <span class="wsf-cell__c">{cell.char}</span>
          </li>
        ))}
        {hidden > 0 && (
          <li class="wsf-cell wsf-cell--more" aria-hidden="true">
            …
          </li>
        )}
      </ol>
      {hidden > 0 && (
        <p class="wsf-note">
          Se muestran los primeros {cells.length} de {report.payloadLength} bytes.
        </p>
      )}
    </div>
  );
}
