import { describe, expect, it } from 'vitest';
import { histogram, percentile, summarize } from './stats';

describe('percentile', () => {
  it('interpolates between the nearest ranks', () => {
    expect(percentile([1, 2], 50)).toBe(1.5);
    expect(percentile([10, 20, 30, 40, 50], 50)).toBe(30);
    expect(percentile([10, 20, 30, 40, 50], 90)).toBeCloseTo(46);
    expect(percentile([10, 20, 30, 40, 50], 0)).toBe(10);
    expect(percentile([10, 20, 30, 40, 50], 100)).toBe(50);
  });

  it('gives the known percentiles of 1..100', () => {
    const sample = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sample, 50)).toBeCloseTo(50.5);
    expect(percentile(sample, 90)).toBeCloseTo(90.1);
    expect(percentile(sample, 99)).toBeCloseTo(99.01);
  });

  it('is NaN for an empty sample and refuses p outside 0..100', () => {
    expect(percentile([], 50)).toBeNaN();
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });
});

describe('summarize', () => {
  it('sorts a copy and summarises it', () => {
    const values = [5, 1, 4, 2, 3];
    const summary = summarize(values);
    expect(summary).toEqual({ count: 5, min: 1, max: 5, mean: 3, p50: 3, p90: 4.6, p99: 4.96 });
    expect(values).toEqual([5, 1, 4, 2, 3]);
  });

  it('puts one outlier in p99 and not in p50', () => {
    const values = [...new Array<number>(99).fill(10), 1000];
    const summary = summarize(values);
    expect(summary.p50).toBe(10);
    expect(summary.p99).toBeGreaterThan(10);
    expect(summary.max).toBe(1000);
  });

  it('is all NaN for no data, with count 0', () => {
    const summary = summarize([]);
    expect(summary.count).toBe(0);
    expect(summary.p50).toBeNaN();
    expect(summary.mean).toBeNaN();
  });
});

describe('histogram', () => {
  it('counts values in equal bins, the maximum in the last bin', () => {
    const result = histogram([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], { bins: 5, min: 0, max: 10 });
    expect(result.edges).toEqual([0, 2, 4, 6, 8, 10]);
    expect(result.counts).toEqual([2, 2, 2, 2, 3]);
  });

  it('keeps values outside the range in the edge bins', () => {
    const result = histogram([-5, 50], { bins: 2, min: 0, max: 10 });
    expect(result.counts).toEqual([1, 1]);
  });

  it('uses the data range by default and survives a constant sample', () => {
    expect(histogram([3, 3, 3], { bins: 4 }).counts.reduce((a, b) => a + b)).toBe(3);
    expect(histogram([], { bins: 3 }).counts).toEqual([0, 0, 0]);
  });
});
