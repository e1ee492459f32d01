import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limit';

/** A limiter on a clock the test moves by hand. */
function createLimiter(ratePerSecond: number, burst: number) {
  const clock = { now: 10_000 };
  const limiter = new RateLimiter({ ratePerSecond, burst }, () => clock.now);
  return { limiter, advance: (ms: number) => void (clock.now += ms) };
}

function takeTimes(limiter: RateLimiter, key: string, times: number): boolean[] {
  return Array.from({ length: times }, () => limiter.take(key));
}

describe('RateLimiter', () => {
  it('allows a burst, then refuses', () => {
    const { limiter } = createLimiter(2, 3);
    expect(takeTimes(limiter, 'a', 5)).toEqual([true, true, true, false, false]);
  });

  it('refills at ratePerSecond as time passes', () => {
    const { limiter, advance } = createLimiter(2, 3);
    takeTimes(limiter, 'a', 3);
    advance(499);
    expect(limiter.take('a')).toBe(false);
    advance(1);
    expect(takeTimes(limiter, 'a', 2)).toEqual([true, false]);
    advance(1_000);
    expect(takeTimes(limiter, 'a', 3)).toEqual([true, true, false]);
  });

  it('never refills past the burst', () => {
    const { limiter, advance } = createLimiter(10, 2);
    limiter.take('a');
    advance(60_000);
    expect(takeTimes(limiter, 'a', 3)).toEqual([true, true, false]);
  });

  it('counts each key on its own', () => {
    const { limiter } = createLimiter(1, 1);
    expect(limiter.take('a')).toBe(true);
    expect(limiter.take('a')).toBe(false);
    expect(limiter.take('b')).toBe(true);
  });

  it('says how many whole seconds until the next token', () => {
    const { limiter, advance } = createLimiter(0.25, 1);
    limiter.take('a');
    expect(limiter.take('a')).toBe(false);
    expect(limiter.retryAfterSeconds('a')).toBe(4);
    advance(3_000);
    expect(limiter.take('a')).toBe(false);
    expect(limiter.retryAfterSeconds('a')).toBe(1);
  });

  it('rounds a wait shorter than a second up to 1', () => {
    const { limiter } = createLimiter(50, 2);
    takeTimes(limiter, 'a', 3);
    expect(limiter.retryAfterSeconds('a')).toBe(1);
  });

  it('needs no wait for a key with tokens or an unknown key', () => {
    const { limiter } = createLimiter(1, 3);
    limiter.take('a');
    expect(limiter.retryAfterSeconds('a')).toBe(0);
    expect(limiter.retryAfterSeconds('never-seen')).toBe(0);
  });

  it('starts a forgotten key again with a full burst', () => {
    const { limiter } = createLimiter(1, 2);
    takeTimes(limiter, 'a', 3);
    limiter.forget('a');
    expect(takeTimes(limiter, 'a', 3)).toEqual([true, true, false]);
  });
});
