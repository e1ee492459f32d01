import { describe, expect, it } from 'vitest';
import { estimateClockOffset, offsetFromSamples } from './clock-offset';

describe('offsetFromSamples', () => {
  it('recovers a known offset from a symmetric round trip', () => {
    // Server is 5,000 ms ahead; 40 ms each way.
    expect(offsetFromSamples([{ sentAt: 1_000, receivedAt: 1_080, serverNow: 6_040 }])).toEqual({
      offsetMs: 5_000,
      rttMs: 80,
      uncertaintyMs: 40,
    });
  });

  it('keeps the sample with the smallest round trip', () => {
    const samples = [
      { sentAt: 0, receivedAt: 300, serverNow: -1_000 + 250 }, // slow, asymmetric
      { sentAt: 1_000, receivedAt: 1_010, serverNow: 5 }, // fast: offset -1000
      { sentAt: 2_000, receivedAt: 2_100, serverNow: 1_090 },
    ];
    const estimate = offsetFromSamples(samples);
    expect(estimate.rttMs).toBe(10);
    expect(estimate.offsetMs).toBe(-1_000);
    expect(estimate.uncertaintyMs).toBe(5);
  });

  it('bounds the error of an asymmetric path by half the round trip', () => {
    // True offset 200; the request takes 90 ms, the answer 10 ms.
    const estimate = offsetFromSamples([{ sentAt: 0, receivedAt: 100, serverNow: 290 }]);
    expect(Math.abs(estimate.offsetMs - 200)).toBeLessThanOrEqual(estimate.uncertaintyMs);
  });

  it('refuses an empty sample list', () => {
    expect(() => offsetFromSamples([])).toThrow(RangeError);
  });
});

describe('estimateClockOffset', () => {
  it('asks /time the given number of times and uses the fastest exchange', async () => {
    let now = 0;
    const delays = [50, 8, 30];
    const urls: string[] = [];
    const fakeFetch = async (url: string) => {
      urls.push(url);
      const delay = delays[urls.length - 1]!;
      now += delay / 2;
      const serverNow = now + 1_234;
      now += delay / 2;
      return { text: async () => JSON.stringify({ now: serverNow }) };
    };
    const estimate = await estimateClockOffset({
      baseUrl: 'http://demo',
      fetch: fakeFetch as never,
      clock: { now: () => now },
      count: 3,
    });
    expect(urls).toEqual(['http://demo/time', 'http://demo/time', 'http://demo/time']);
    expect(estimate).toEqual({ offsetMs: 1_234, rttMs: 8, uncertaintyMs: 4 });
  });
});
