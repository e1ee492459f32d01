import type { FrameReport } from '../../protocol';
import { BitRuler } from './BitRuler';
import {
  describePayload,
  headerParts,
  hex2,
  lengthEncodingLabel,
  opcodeHex,
  opcodeName,
} from './frame-bytes';
import type { ShownFrame } from './frames-store';
import { PayloadGrid } from './PayloadGrid';

const hexList = (bytes: number[]) => bytes.map(hex2).join(' ');

/** One frame the server received, taken apart: header bits, extra header bytes, payload. */
export function FrameEntry({ frame }: { frame: ShownFrame }) {
  const { report, mine } = frame;
  const kind = `${opcodeName(report.opcode)} (${opcodeHex(report.opcode)})`;
  return (
    <li
      class={mine ? 'wsf-frame wsf-frame--mine' : 'wsf-frame'}
      data-frame-seq={frame.seq}
      data-opcode={report.opcode}
      data-payload-length={report.payloadLength}
      data-length-encoding={report.lengthEncoding}
      data-masked={String(report.masked)}
      data-mine={String(mine)}
    >
      <details open={mine}>
        <summary>
          <span class="wsf-frame__seq">Trama {frame.seq}</span> · <strong>{kind}</strong> ·{' '}
          {report.payloadLength} bytes ·{' '}
          {mine ? (
            <span class="wsf-tag">enviada por ti</span>
          ) : (
            <span class="wsf-frame__auto">automática: {frame.note}</span>
          )}
        </summary>
        <div class="wsf-frame__body">
          <Header report={report} />
          <h5 class="wsf-h">Datos</h5>
          <PayloadGrid report={report} />
          <p class="wsf-text">
            <span class="wsf-label">Texto descodificado:</span>{' '}
            <q data-frame-text>{describePayload(report)}</q>
            {report.payloadCut && ' (cortado: el servidor informa de los primeros 256 bytes)'}
          </p>
          {frame.answer && (
            <p class={`wsf-answer wsf-answer--${frame.answer.kind}`}>
              Respuesta del servidor: {frame.answer.text}
            </p>
          )}
        </div>
      </details>
    </li>
  );
}

function Header({ report }: { report: FrameReport }) {
  const parts = headerParts(report);
  const rsv = report.rsv.map((b) => (b ? '1' : '0')).join('');
  const keyAt = 2 + parts.extendedLength.length;
  const headerBytes = 2 + parts.extendedLength.length + parts.maskingKey.length;
  return (
    <>
      <h5 class="wsf-h">Cabecera ({headerBytes} bytes)</h5>
      <p class="wsf-hex">
        <code class="wsf-hex__base">{hexList([parts.byte0, parts.byte1])}</code>
        {parts.extendedLength.length > 0 && (
          <code class="wsf-hex__len"> {hexList(parts.extendedLength)}</code>
        )}
        {parts.maskingKey.length > 0 && (
          <code class="wsf-hex__key"> {hexList(parts.maskingKey)}</code>
        )}
      </p>
      <div class="wsf-rulers">
        <BitRuler
          index={0}
          byte={parts.byte0}
          fields={[
            { label: 'FIN', width: 1 },
            { label: 'RSV1', width: 1 },
            { label: 'RSV2', width: 1 },
            { label: 'RSV3', width: 1 },
            {
              label: 'opcode',
              width: 4,
              meaning: `${opcodeHex(report.opcode)} ${opcodeName(report.opcode)}`,
            },
          ]}
        />
        <BitRuler
          index={1}
          byte={parts.byte1}
          fields={[
            { label: 'MASK', width: 1 },
            { label: 'longitud (7 bits)', width: 7, meaning: lengthMeaning(parts.lengthField) },
          ]}
        />
      </div>
      <ul class="wsf-explain">
        <li>
          <strong>FIN = {report.fin ? 1 : 0}</strong>:{' '}
          {report.fin ? 'último fragmento del mensaje (aquí, el único).' : 'faltan fragmentos.'}{' '}
          <strong>RSV1-3 = {rsv}</strong>
          {rsv === '000' ? ': ninguna extensión en uso.' : ': bits de una extensión.'}{' '}
          <strong>Opcode = {opcodeHex(report.opcode)}</strong>: {opcodeName(report.opcode)}.
        </li>
        <li>
          <strong>MASK = {report.masked ? 1 : 0}</strong>:{' '}
          {report.masked ? 'los datos van enmascarados.' : 'datos sin máscara.'}{' '}
          <strong>Longitud</strong>: codificación de {lengthEncodingLabel(report.lengthEncoding)}.
        </li>
        {parts.extendedLength.length > 0 && (
          <li>
            <strong>
              Bytes 2–{keyAt - 1}, longitud extendida ({parts.extendedLength.length * 8} bits):
            </strong>{' '}
            <code class="wsf-hex__len">{hexList(parts.extendedLength)}</code> ={' '}
            {report.payloadLength} bytes.
          </li>
        )}
        {parts.maskingKey.length > 0 ? (
          <li>
            <strong>
              Bytes {keyAt}–{keyAt + 3}, clave de enmascarado:
            </strong>{' '}
            <code class="wsf-hex__key">{hexList(parts.maskingKey)}</code>, elegida al azar por tu
            navegador para esta trama.
          </li>
        ) : (
          <li>Sin clave de enmascarado (MASK = 0).</li>
        )}
      </ul>
    </>
  );
}

function lengthMeaning(field: number): string {
  if (field === 126) return '126 → sigue en 16 bits';
  if (field === 127) return '127 → sigue en 64 bits';
  return `${field} bytes`;
}
