import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff';

const options = (random: number) => ({ baseMs: 100, maxMs: 1_000, random: () => random });

describe('backoffDelay', () => {
  it('doubles the ceiling with each attempt until maxMs', () => {
    const ceilings = [0, 1, 2, 3, 4, 5].map((attempt) => backoffDelay(attempt, options(1)));
    expect(ceilings).toEqual([100, 200, 400, 800, 1_000, 1_000]);
  });

  it('draws the delay uniformly between 0 and the ceiling (full jitter)', () => {
    expect(backoffDelay(3, options(0))).toBe(0);
    expect(backoffDelay(3, options(0.25))).toBe(200);
    expect(backoffDelay(3, options(0.5))).toBe(400);
  });

  it('stays within [0, min(maxMs, baseMs * 2^attempt)] for any draw and attempt', () => {
    for (let attempt = 0; attempt < 80; attempt += 1) {
      for (const random of [0, 0.1, 0.5, 0.9, 0.999999]) {
        const delay = backoffDelay(attempt, options(random));
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThanOrEqual(Math.min(1_000, 100 * 2 ** attempt));
      }
    }
  });

  it('keeps huge and odd attempt numbers finite', () => {
    expect(backoffDelay(10_000, options(0.5))).toBe(500);
    expect(backoffDelay(-3, options(1))).toBe(100);
    expect(backoffDelay(2.7, options(1))).toBe(400);
  });
});
