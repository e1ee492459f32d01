import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, test } from 'vitest';
import { TRANSPORT_IDS, TRANSPORT_LABELS } from '../../src/protocol';
import { benchResultSchema } from '../../bench/report';

const ROOT = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

// Not a timed test: it checks that the benchmark runs end to end and writes a well-formed
// result with nothing lost. Its speed targets are reported by `npm run bench`, not asserted.
describe('npm run bench', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('a quick run prints the tables and writes well-formed results with nothing lost', async () => {
    const out = join(dir, 'latest.json');
    const { stdout } = await run(
      resolve(ROOT, 'node_modules/.bin/tsx'),
      ['bench/index.ts', '--quick', '--fanout', '20', '--out', out],
      { cwd: ROOT, timeout: 150_000 },
    );
    const result = benchResultSchema.parse(JSON.parse(readFileSync(out, 'utf8')));
    for (const id of TRANSPORT_IDS) {
      const lane = result.transports[id];
      expect(lane.sent, id).toBe(30);
      expect(lane.received, id).toBe(lane.sent);
      expect(lane.duplicates, id).toBe(0);
      expect(lane.p50Ms, id).toBeGreaterThan(0);
      expect(lane.bytesPerMessage, id).toBeGreaterThan(0);
      expect(result.fanout![id].received, id).toBe(20);
      expect(stdout).toContain(TRANSPORT_LABELS[id]);
    }
    // A WebSocket frame carries the payload plus at least its 2-byte header.
    const ws = result.transports.websocket;
    expect(ws.bytesPerMessage).toBeGreaterThanOrEqual(ws.minimumBytesPerMessage!);
    expect(result.baselines['ws-echo'].p50Ms).toBeGreaterThan(0);
    expect(result.baselines['http-get'].p50Ms).toBeGreaterThan(0);
    expect(Object.keys(result.ratios)).toEqual(
      expect.arrayContaining(['websocket/ws-echo', 'socket-io-echo/ws-echo', 'sse/websocket']),
    );
    expect(stdout).toContain('Targets:');
    expect(stdout).toContain('Fan-out');
  }, 180_000);
});
