import { TRANSPORT_IDS, TRANSPORT_LABELS, type TransportId } from '../../protocol';
import { summarize, type LaneSnapshot, type RaceSnapshot } from '../../race';
import type { RaceSettings, RaceStatus } from './race-store';

/** One lane's numbers as the widget shows them and the results table lists them. */
export interface LaneRow {
  transport: TransportId;
  label: string;
  received: number;
  sent: number;
  p50: number;
  p90: number;
  p99: number;
  requestsPerMessage: number;
  bytesPerMessage: number;
  /** Bytes the server wrote before the race started (handshakes, stream openings). */
  setupBytes: number | undefined;
}

/** The race before it starts: five empty lanes, so the page shows its layout from the start. */
export function emptySnapshot(settings: RaceSettings): RaceSnapshot {
  return {
    phase: 'idle',
    error: undefined,
    config: {
      rateHz: settings.rateHz,
      durationMs: settings.durationMs,
      delayMs: settings.delayMs,
      jitterMs: settings.jitterMs,
    },
    offset: undefined,
    race: undefined,
    started: undefined,
    sent: 0,
    lanes: TRANSPORT_IDS.map((transport) => ({
      transport,
      state: 'idle',
      received: 0,
      latencies: [],
      seqs: [],
      summary: summarize([]),
      duplicates: 0,
      outOfOrder: 0,
      traffic: undefined,
      bytesPerMessage: Number.NaN,
      requestsPerMessage: Number.NaN,
    })),
  };
}

/** The rows of the lanes, in the session's order (the five transports, simplest first). */
export function laneRows(snapshot: RaceSnapshot): LaneRow[] {
  return snapshot.lanes.map((lane: LaneSnapshot) => ({
    transport: lane.transport,
    label: TRANSPORT_LABELS[lane.transport],
    received: lane.received,
    sent: snapshot.sent,
    p50: lane.summary.p50,
    p90: lane.summary.p90,
    p99: lane.summary.p99,
    requestsPerMessage: lane.requestsPerMessage,
    bytesPerMessage: lane.bytesPerMessage,
    setupBytes: lane.traffic?.setupBytes,
  }));
}

/** `0.42`, `12.3`, `512`: enough digits to compare lanes, never more (NaN: an em dash). */
export function formatLatency(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  const digits = Math.abs(ms) < 10 ? 2 : Math.abs(ms) < 100 ? 1 : 0;
  return ms.toFixed(digits);
}

/** A per-message cost: `1.00`, `312.4`, `—` before the server's first report. */
export function formatCost(value: number, digits = 1): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '—';
}

/** The latency as a data attribute: milliseconds with three decimals, empty while unknown. */
export function latencyAttribute(ms: number): string {
  return Number.isFinite(ms) ? ms.toFixed(3) : '';
}

/** The race's settings in one sentence (the results table's caption and the copied text). */
export function describeSettings(settings: RaceSettings): string {
  const jitter = settings.jitterMs > 0 ? ` + hasta ${settings.jitterMs} ms de jitter` : '';
  return (
    `${settings.rateHz} eventos/s durante ${settings.durationMs / 1000} s; ` +
    `short polling cada ${settings.shortPollingIntervalMs} ms; ` +
    `distancia simulada ${settings.delayMs} ms por sentido${jitter}`
  );
}

/** The clock offset in one phrase, with its uncertainty (half the best round trip). */
export function describeOffset(snapshot: RaceSnapshot | null): string {
  const offset = snapshot?.offset;
  if (!offset) return 'sin medir todavía';
  return `${formatLatency(offset.offsetMs)} ms ± ${formatLatency(offset.uncertaintyMs)} ms`;
}

/** The results as a Markdown table (readable as plain text, renders in notes and issues). */
export function resultsMarkdown(snapshot: RaceSnapshot, settings: RaceSettings): string {
  const header = [
    'Transporte',
    'Recibidos / enviados',
    'p50 (ms)',
    'p90 (ms)',
    'p99 (ms)',
    'Peticiones por mensaje',
    'Bytes por mensaje',
    'Bytes de preparación',
  ];
  const rows = laneRows(snapshot).map((row) => [
    row.label,
    `${row.received}/${row.sent}`,
    formatLatency(row.p50),
    formatLatency(row.p90),
    formatLatency(row.p99),
    formatCost(row.requestsPerMessage, 2),
    formatCost(row.bytesPerMessage),
    row.setupBytes === undefined ? '—' : String(row.setupBytes),
  ]);
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [
    `Carrera: ${describeSettings(settings)}.`,
    `Desfase del reloj con el servidor: ${describeOffset(snapshot)}.`,
    '',
    line(header),
    line(header.map((_, i) => (i === 0 ? '---' : '---:'))),
    ...rows.map(line),
    '',
  ].join('\n');
}

/** uPlot's data: x = event seq, one y series per lane (null where a lane has not received it). */
export function chartData(snapshot: RaceSnapshot): [number[], ...(number | null)[][]] {
  let first = Infinity;
  let last = -Infinity;
  for (const lane of snapshot.lanes) {
    for (const seq of lane.seqs) {
      if (seq < first) first = seq;
      if (seq > last) last = seq;
    }
  }
  if (last < first) return [[], ...snapshot.lanes.map(() => [])];
  const xs = Array.from({ length: last - first + 1 }, (_, i) => first + i);
  const ys = snapshot.lanes.map((lane) => {
    const y = new Array<number | null>(xs.length).fill(null);
    lane.seqs.forEach((seq, i) => (y[seq - first] = lane.latencies[i]!));
    return y;
  });
  return [xs, ...ys];
}

/** What the live region says when the race changes phase (never the numbers). */
export function statusMessage(
  status: RaceStatus,
  racing: boolean,
  settings: RaceSettings,
  detail: string | undefined,
): string {
  switch (status) {
    case 'connecting':
      return racing
        ? 'Abriendo las cinco conexiones, cada una con su transporte…'
        : 'Comprobando que el servidor de demostración responde…';
    case 'idle':
      return 'Listo: elige los parámetros y pulsa «Empezar la carrera».';
    case 'offline':
      return 'Sin conexión con el servidor de demostración.';
    case 'syncing':
      return 'Midiendo el desfase del reloj con varias peticiones GET /time…';
    case 'running':
      return `Carrera en marcha: ${settings.rateHz} eventos por segundo durante ${settings.durationMs / 1000} s.`;
    case 'settling':
      return 'El servidor ya publicó todo; esperando a los carriles que aún no lo han recibido…';
    case 'done':
      return 'Carrera terminada: resultados finales abajo.';
    case 'stopped':
      return 'Carrera detenida. Los números son parciales.';
    case 'error':
      return `La carrera falló: ${detail ?? 'error desconocido'}`;
  }
}
