/** Statistics of the race and the benchmark: percentiles, summaries and histograms of latencies. */

/** The usual summary of a latency sample, in the sample's unit. */
export interface Summary {
  count: number;
  min: number;
  max: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
}

/**
 * The `p`-th percentile (0-100) of an ascending sample, interpolating linearly between the two
 * nearest ranks (the method of NumPy's default and of R's type 7), so p50 of [1, 2] is 1.5.
 */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  if (p < 0 || p > 100) throw new RangeError(`percentile: p must be in 0..100, got ${p}`);
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  const lowValue = sorted[low]!;
  return lowValue + (sorted[high]! - lowValue) * (rank - low);
}

/** Count, min, max, mean, p50, p90 and p99 of a sample (any order); NaN fields when it is empty. */
export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const count = sorted.length;
  return {
    count,
    min: count ? sorted[0]! : Number.NaN,
    max: count ? sorted[count - 1]! : Number.NaN,
    mean: count ? sorted.reduce((sum, v) => sum + v, 0) / count : Number.NaN,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
  };
}

/** Bins of equal width: `edges` has one more entry than `counts`; bin i is [edges[i], edges[i+1]). */
export interface Histogram {
  edges: number[];
  counts: number[];
}

/**
 * A histogram of `values` over [min, max] in `bins` equal bins (the last bin includes `max`).
 * Values outside the range go to the first or last bin, so no sample silently disappears.
 */
export function histogram(
  values: readonly number[],
  options: { bins: number; min?: number; max?: number },
): Histogram {
  const bins = Math.max(1, Math.floor(options.bins));
  const min = options.min ?? (values.length ? Math.min(...values) : 0);
  let max = options.max ?? (values.length ? Math.max(...values) : 1);
  if (max <= min) max = min + 1;
  const width = (max - min) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => min + i * width);
  const counts = new Array<number>(bins).fill(0);
  for (const value of values) {
    const index = Math.floor((value - min) / width);
    counts[Math.min(bins - 1, Math.max(0, index))]! += 1;
  }
  return { edges, counts };
}
