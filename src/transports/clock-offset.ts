import { PATHS, type TimeResponse } from '../protocol';
import type { FetchLike } from './platform';
import type { Clock } from './types';

/** One `GET /time` exchange: client time when sent and received, server time in the answer. */
export interface TimeSample {
  sentAt: number;
  receivedAt: number;
  serverNow: number;
}

/** How far the server's clock is ahead of ours, and how sure we are. */
export interface ClockOffset {
  /** Add to a client time to get server time. */
  offsetMs: number;
  /** Round trip of the sample used. */
  rttMs: number;
  /** The true offset lies within offsetMs ± uncertaintyMs (half the round trip). */
  uncertaintyMs: number;
}

/**
 * NTP-style estimate: assuming the server read its clock halfway through the round trip,
 * offset = serverNow - (sentAt + receivedAt) / 2. The sample with the smallest round trip has
 * the least room for asymmetry, so it wins.
 */
export function offsetFromSamples(samples: readonly TimeSample[]): ClockOffset {
  if (samples.length === 0) throw new RangeError('offsetFromSamples needs at least one sample');
  const best = samples.reduce((a, b) =>
    b.receivedAt - b.sentAt < a.receivedAt - a.sentAt ? b : a,
  );
  const rttMs = best.receivedAt - best.sentAt;
  return {
    offsetMs: best.serverNow - (best.sentAt + best.receivedAt) / 2,
    rttMs,
    uncertaintyMs: rttMs / 2,
  };
}

/** Takes `count` samples from the demo server's `/time`, one after another, and estimates. */
export async function estimateClockOffset(options: {
  baseUrl: string;
  fetch: FetchLike;
  clock: Pick<Clock, 'now'>;
  count?: number;
}): Promise<ClockOffset> {
  const samples: TimeSample[] = [];
  for (let i = 0; i < (options.count ?? 5); i++) {
    const sentAt = options.clock.now();
    const response = await options.fetch(`${options.baseUrl}${PATHS.time}`);
    const body = JSON.parse(await response.text()) as TimeResponse;
    samples.push({ sentAt, receivedAt: options.clock.now(), serverNow: body.now });
  }
  return offsetFromSamples(samples);
}
