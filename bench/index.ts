import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { RaceConfig } from '../src/protocol';
import { startChild } from './child-process';
import { measureEchoes } from './echo';
import { measureFanout, type FanoutServer } from './fanout';
import { runRace } from './race';
import { benchResultSchema, buildResult, formatTables } from './report';

/**
 * `npm run bench`: starts the demo server and two minimal baseline servers in their own
 * processes, races the five transports through the site's own clients, measures round trips in
 * turns, optionally fans one broadcast out to N subscribers per transport, then prints tables and
 * writes bench/results/latest.json. `--quick` is the short run `npm test` uses to check the shape.
 */
const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    rate: { type: 'string' },
    duration: { type: 'string' },
    delay: { type: 'string', default: '0' },
    jitter: { type: 'string', default: '0' },
    interval: { type: 'string', default: '200' },
    echoes: { type: 'string' },
    fanout: { type: 'string' },
    out: { type: 'string', default: resolve(import.meta.dirname, 'results/latest.json') },
  },
});

const quick = values.quick;
const int = (value: string | undefined, fallback: number) =>
  value === undefined ? fallback : Number(value);
const config: RaceConfig = {
  rateHz: int(values.rate, quick ? 20 : 20),
  durationMs: int(values.duration, quick ? 1_500 : 10_000),
  delayMs: int(values.delay, 0),
  jitterMs: int(values.jitter, 0),
};
const shortPollingIntervalMs = int(values.interval, 200);
const echoSamples = int(values.echoes, quick ? 50 : 1_000);
const fanoutSubscribers = values.fanout === undefined ? 0 : int(values.fanout, 0);

async function main(): Promise<void> {
  const demo = await startDemoServer();
  const baselines = await startChild(
    'bench/baseline-servers.ts',
    [],
    /baselines ws=(\d+) http=(\d+)/,
  );
  const { baseUrl } = demo;
  try {
    log(
      `demo server ${baseUrl} (pid ${demo.pid}); baselines ws=${baselines.readyLine[1]} http=${baselines.readyLine[2]}`,
    );
    log('warm-up race…');
    await runRace({ baseUrl, config: { ...config, durationMs: 1_000 }, shortPollingIntervalMs });
    log(`race: ${config.rateHz} ev/s for ${config.durationMs} ms…`);
    const race = await runRace({ baseUrl, config, shortPollingIntervalMs });
    log(`round trips: ${echoSamples} per target, in turns…`);
    const echoes = await measureEchoes({
      baseUrl,
      baselines: { ws: Number(baselines.readyLine[1]), http: Number(baselines.readyLine[2]) },
      samples: echoSamples,
      warmup: Math.min(100, echoSamples),
    });
    let fanout;
    if (fanoutSubscribers > 0) {
      log(`fan-out: ${fanoutSubscribers} subscribers per transport…`);
      fanout = await measureFanout({
        startServer: startDemoServer,
        subscribers: fanoutSubscribers,
        shortPollingIntervalMs: 1_000,
      });
    }
    const result = benchResultSchema.parse(
      buildResult({ race, config, shortPollingIntervalMs, echoes, fanout }),
    );
    console.log(`\n${formatTables(result)}\n`);
    mkdirSync(dirname(values.out), { recursive: true });
    writeFileSync(values.out, `${JSON.stringify(result, null, 2)}\n`);
    log(`written ${values.out}`);
  } finally {
    await Promise.all([demo.stop(), baselines.stop()]);
  }
}

/** The demo server in its own process, API only. */
async function startDemoServer(): Promise<FanoutServer> {
  const child = await startChild(
    'demo-server/index.ts',
    ['--port', '0', '--no-site'],
    /escuchando en ([^\s]+):(\d+)/,
  );
  return { ...child, baseUrl: `http://127.0.0.1:${child.readyLine[2]}` };
}

function log(line: string): void {
  console.error(`[bench] ${line}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(
      `[bench] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    process.exit(1);
  },
);
