import { describe, expect, it } from 'vitest';
import { summarize, type RaceSnapshot } from '../../race';
import { DEFAULT_SETTINGS } from './race-store';
import {
  chartData,
  emptySnapshot,
  formatLatency,
  laneRows,
  latencyAttribute,
  resultsMarkdown,
} from './race-view';

/** A finished race where SSE got seq 1..3 and WebSocket got 1 and 3 (2 still missing). */
function finished(): RaceSnapshot {
  const base = emptySnapshot(DEFAULT_SETTINGS);
  const traffic = { connections: 1, requests: 1, setupBytes: 180, bytesDown: 240, bytesUp: 0 };
  return {
    ...base,
    phase: 'done',
    offset: { offsetMs: 12.5, rttMs: 0.8, uncertaintyMs: 0.4 },
    sent: 3,
    lanes: base.lanes.map((lane) => {
      if (lane.transport === 'sse') {
        const latencies = [1.5, 2.5, 3.5];
        return {
          ...lane,
          received: 3,
          latencies,
          seqs: [1, 2, 3],
          summary: summarize(latencies),
          traffic,
          bytesPerMessage: 80,
          requestsPerMessage: 1 / 3,
        };
      }
      if (lane.transport === 'websocket') {
        const latencies = [0.25, 0.75];
        return { ...lane, received: 2, latencies, seqs: [1, 3], summary: summarize(latencies) };
      }
      return lane;
    }),
  };
}

describe('race view', () => {
  it('lines lanes up by event seq for the chart, with gaps where an event is missing', () => {
    const [xs, ...ys] = chartData(finished());
    expect(xs).toEqual([1, 2, 3]);
    expect(ys).toHaveLength(5);
    expect(ys[2]).toEqual([1.5, 2.5, 3.5]); // sse
    expect(ys[3]).toEqual([0.25, null, 0.75]); // websocket
    expect(ys[0]).toEqual([null, null, null]); // short polling got nothing
  });

  it('gives the chart no points before any event', () => {
    expect(chartData(emptySnapshot(DEFAULT_SETTINGS))).toEqual([[], [], [], [], [], []]);
  });

  it('copies a Markdown table with the settings, the clock uncertainty and one row per lane', () => {
    const text = resultsMarkdown(finished(), { ...DEFAULT_SETTINGS, jitterMs: 10 });
    const lines = text.trim().split('\n');
    expect(lines[0]).toBe(
      'Carrera: 10 eventos/s durante 5 s; short polling cada 1000 ms; distancia simulada 0 ms por sentido + hasta 10 ms de jitter.',
    );
    expect(lines[1]).toBe('Desfase del reloj con el servidor: 12.5 ms ± 0.40 ms.');
    expect(lines[3]).toBe(
      '| Transporte | Recibidos / enviados | p50 (ms) | p90 (ms) | p99 (ms) | Peticiones por mensaje | Bytes por mensaje | Bytes de preparación |',
    );
    expect(lines[4]).toBe('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    expect(lines.slice(5)).toEqual([
      '| Short polling | 0/3 | — | — | — | — | — | — |',
      '| Long polling | 0/3 | — | — | — | — | — | — |',
      '| Server-Sent Events | 3/3 | 2.50 | 3.30 | 3.48 | 0.33 | 80.0 | 180 |',
      '| WebSocket | 2/3 | 0.50 | 0.70 | 0.74 | — | — | — |',
      '| Socket.IO | 0/3 | — | — | — | — | — | — |',
    ]);
  });

  it('rounds latencies to what is worth comparing, and leaves unknown ones empty', () => {
    expect(formatLatency(0.4567)).toBe('0.46');
    expect(formatLatency(52.25)).toBe('52.3');
    expect(formatLatency(512.4)).toBe('512');
    expect(formatLatency(Number.NaN)).toBe('—');
    expect(latencyAttribute(Number.NaN)).toBe('');
    expect(latencyAttribute(2.5)).toBe('2.500');
    const rows = laneRows(finished());
    expect(rows.map((r) => [r.transport, r.received, r.sent])).toEqual([
      ['short-polling', 0, 3],
      ['long-polling', 0, 3],
      ['sse', 3, 3],
      ['websocket', 2, 3],
      ['socket-io', 0, 3],
    ]);
  });
});
