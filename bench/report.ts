import { cpus, totalmem } from 'node:os';
import { z } from 'zod';
import {
  TRANSPORT_IDS,
  TRANSPORT_LABELS,
  type RaceConfig,
  type TransportId,
} from '../src/protocol';
import { summarize } from '../src/race';
import type { FanoutResult } from './fanout';
import type { RaceRun } from './race';

const round = (n: number, digits = 2) => (Number.isFinite(n) ? Number(n.toFixed(digits)) : null);

const latency = z.object({ p50Ms: z.number(), p90Ms: z.number(), p99Ms: z.number() });
const nullableNumber = z.number().nullable();
/** One entry per transport, all five required. */
const perTransport = <T extends z.ZodTypeAny>(schema: T) =>
  z.object({
    'short-polling': schema,
    'long-polling': schema,
    sse: schema,
    websocket: schema,
    'socket-io': schema,
  });

/** The shape of `bench/results/latest.json`; the test checks every run against it. */
export const benchResultSchema = z.object({
  machine: z.object({
    node: z.string(),
    platform: z.string(),
    cpus: z.number(),
    cpuModel: z.string(),
    memoryBytes: z.number(),
    date: z.string(),
  }),
  race: z.object({
    rateHz: z.number(),
    durationMs: z.number(),
    delayMs: z.number(),
    jitterMs: z.number(),
    shortPollingIntervalMs: z.number(),
    clockUncertaintyMs: z.number(),
  }),
  transports: perTransport(
    latency.extend({
      bytesPerMessage: z.number(),
      minimumBytesPerMessage: nullableNumber,
      requestsPerMessage: z.number(),
      received: z.number().int(),
      sent: z.number().int(),
      duplicates: z.number().int(),
      outOfOrder: z.number().int(),
    }),
  ),
  echo: z.record(z.string(), latency.extend({ samples: z.number().int() })),
  baselines: z.object({
    'ws-echo': latency.extend({ samples: z.number().int() }),
    'http-get': latency.extend({ samples: z.number().int() }),
  }),
  ratios: z.record(z.string(), nullableNumber),
  targets: z.array(
    z.object({ name: z.string(), value: nullableNumber, limit: z.string(), met: z.boolean() }),
  ),
  fanout: perTransport(
    z.object({
      subscribers: z.number().int(),
      received: z.number().int(),
      p50Ms: nullableNumber,
      p99Ms: nullableNumber,
      serverBytesPerConnection: nullableNumber,
    }),
  ).optional(),
});

/** What `npm run bench` writes. */
export type BenchResult = z.infer<typeof benchResultSchema>;

/** Puts the race, the round trips and the fan-out into the result file's shape. */
export function buildResult(input: {
  race: RaceRun;
  config: RaceConfig;
  shortPollingIntervalMs: number;
  echoes: Record<string, number[]>;
  fanout?: Record<TransportId, FanoutResult>;
}): BenchResult {
  const { race, echoes } = input;
  const stats = (values: readonly number[]) => {
    const s = summarize(values);
    return {
      p50Ms: round(s.p50, 3) ?? NaN,
      p90Ms: round(s.p90, 3) ?? NaN,
      p99Ms: round(s.p99, 3) ?? NaN,
    };
  };
  const transports = Object.fromEntries(
    race.snapshot.lanes.map((lane) => [
      lane.transport,
      {
        ...stats(lane.latencies),
        bytesPerMessage: round(lane.bytesPerMessage, 1) ?? NaN,
        minimumBytesPerMessage:
          lane.transport === 'websocket' || lane.transport === 'sse'
            ? round(race.minimumBytes[lane.transport], 1)
            : null,
        requestsPerMessage: round(lane.requestsPerMessage, 3) ?? NaN,
        received: lane.received,
        sent: race.snapshot.sent,
        duplicates: lane.duplicates,
        outOfOrder: lane.outOfOrder,
      },
    ]),
  ) as BenchResult['transports'];
  const echo = Object.fromEntries(
    Object.entries(echoes).map(([name, values]) => [
      name,
      { ...stats(values), samples: values.length },
    ]),
  );
  const p50 = (id: TransportId) => transports[id].p50Ms;
  const wsEchoP50 = echo['ws-echo']!.p50Ms;
  const ratios: Record<string, number | null> = {};
  // One-way push latency of each lane against the raw floor: half a minimal ws echo.
  for (const id of TRANSPORT_IDS) ratios[`${id}/ws-echo`] = round(p50(id) / (wsEchoP50 / 2));
  ratios['socket-io-echo/websocket-echo'] = round(echo['socket-io']!.p50Ms / echo.websocket!.p50Ms);
  ratios['websocket-echo/ws-echo'] = round(echo.websocket!.p50Ms / wsEchoP50);
  ratios['socket-io-echo/ws-echo'] = round(echo['socket-io']!.p50Ms / wsEchoP50);
  ratios['http-time/http-get'] = round(echo['http-time']!.p50Ms / echo['http-get']!.p50Ms);
  ratios['sse/websocket'] = round(p50('sse') / p50('websocket'));
  ratios['short-polling/(interval/2)'] = round(
    p50('short-polling') / (input.shortPollingIntervalMs / 2),
  );

  const delay = input.config.delayMs;
  const target = (name: string, value: number | null, limit: string, met: boolean) => ({
    name,
    value,
    limit,
    met: value !== null && met,
  });
  const v = (key: string) => ratios[key] ?? null;
  const bytesOver = (id: 'websocket' | 'sse') =>
    round(transports[id].bytesPerMessage - (transports[id].minimumBytesPerMessage ?? NaN), 1);
  const lost = TRANSPORT_IDS.reduce(
    (sum, id) => sum + transports[id].sent - transports[id].received,
    0,
  );
  const targets = [
    target(
      'socket-io echo / raw ws echo (p50)',
      v('socket-io-echo/ws-echo'),
      '<= 1.5',
      (v('socket-io-echo/ws-echo') ?? Infinity) <= 1.5,
    ),
    target(
      'demo ws echo / minimal ws echo (p50)',
      v('websocket-echo/ws-echo'),
      '<= 1.15',
      (v('websocket-echo/ws-echo') ?? Infinity) <= 1.15,
    ),
    target(
      'SSE push / WebSocket push (p50)',
      v('sse/websocket'),
      '<= 1.3',
      (v('sse/websocket') ?? Infinity) <= 1.3,
    ),
    target(
      `short-polling p50 / (interval/2${delay ? ' + delay' : ''})`,
      round(p50('short-polling') / (input.shortPollingIntervalMs / 2 + delay)),
      'within 15% of 1',
      Math.abs(p50('short-polling') / (input.shortPollingIntervalMs / 2 + delay) - 1) <= 0.15,
    ),
    target(
      'WebSocket bytes/msg over frame minimum',
      bytesOver('websocket'),
      '~0 (payload + 2)',
      Math.abs(bytesOver('websocket') ?? Infinity) < 1,
    ),
    target(
      'SSE bytes/msg over event minimum',
      bytesOver('sse'),
      '~0',
      Math.abs(bytesOver('sse') ?? Infinity) < 1,
    ),
    target('messages lost (all lanes)', lost, '0', lost === 0),
  ];

  return {
    machine: {
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      memoryBytes: totalmem(),
      date: new Date().toISOString(),
    },
    race: {
      ...input.config,
      shortPollingIntervalMs: input.shortPollingIntervalMs,
      clockUncertaintyMs: round(race.snapshot.offset?.uncertaintyMs ?? NaN, 3) ?? NaN,
    },
    transports,
    echo,
    baselines: {
      'ws-echo': echo['ws-echo']!,
      'http-get': echo['http-get']!,
    } as BenchResult['baselines'],
    ratios,
    targets,
    ...(input.fanout
      ? {
          fanout: Object.fromEntries(
            Object.entries(input.fanout).map(([id, f]) => [
              id,
              {
                subscribers: f.subscribers,
                received: f.received,
                p50Ms: round(f.delivery.p50),
                p99Ms: round(f.delivery.p99),
                serverBytesPerConnection: round(f.serverBytesPerConnection, 0),
              },
            ]),
          ) as BenchResult['fanout'],
        }
      : {}),
  };
}

/** The result as the tables `npm run bench` prints. */
export function formatTables(result: BenchResult): string {
  const pad = (cells: (string | number | null)[], widths: number[]) =>
    cells.map((c, i) => String(c ?? '—').padStart(widths[i]!)).join('  ');
  const lines: string[] = [];
  const r = result.race;
  lines.push(
    `Race: ${r.rateHz} ev/s for ${r.durationMs / 1000} s, delay ${r.delayMs} ms ± ${r.jitterMs}, ` +
      `short-polling interval ${r.shortPollingIntervalMs} ms, clock ±${r.clockUncertaintyMs} ms`,
  );
  const widths = [20, 9, 9, 9, 10, 10, 9, 11];
  lines.push(
    pad(
      ['transport', 'p50 ms', 'p90 ms', 'p99 ms', 'bytes/msg', 'min bytes', 'req/msg', 'recv/sent'],
      widths,
    ),
  );
  for (const id of TRANSPORT_IDS) {
    const t = result.transports[id];
    lines.push(
      pad(
        [
          TRANSPORT_LABELS[id],
          t.p50Ms,
          t.p90Ms,
          t.p99Ms,
          t.bytesPerMessage,
          t.minimumBytesPerMessage,
          t.requestsPerMessage,
          `${t.received}/${t.sent}`,
        ],
        widths,
      ),
    );
  }
  lines.push('', 'Round trips (echo):');
  for (const [name, e] of Object.entries(result.echo)) {
    lines.push(pad([name, e.p50Ms, e.p90Ms, e.p99Ms, `n=${e.samples}`], [20, 9, 9, 9, 8]));
  }
  lines.push('', 'Targets:');
  for (const t of result.targets) {
    lines.push(`  ${t.met ? 'ok  ' : 'MISS'} ${t.name}: ${t.value ?? '—'} (${t.limit})`);
  }
  if (result.fanout) {
    lines.push('', 'Fan-out (one broadcast):');
    lines.push(
      pad(
        ['transport', 'subs', 'received', 'p50 ms', 'p99 ms', 'server B/conn'],
        [20, 6, 9, 9, 9, 14],
      ),
    );
    for (const id of TRANSPORT_IDS) {
      const f = result.fanout[id];
      lines.push(
        pad(
          [
            TRANSPORT_LABELS[id],
            f.subscribers,
            f.received,
            f.p50Ms,
            f.p99Ms,
            f.serverBytesPerConnection,
          ],
          [20, 6, 9, 9, 9, 14],
        ),
      );
    }
  }
  return lines.join('\n');
}
