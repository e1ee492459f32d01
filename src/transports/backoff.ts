/** Tuning of an exponential backoff. */
export interface BackoffOptions {
  /** Upper bound of the first delay (attempt 0), in ms. */
  baseMs: number;
  /** Largest delay ever, in ms. */
  maxMs: number;
  /** A number in [0, 1), as `Math.random` returns (injected so tests choose it). */
  random: () => number;
}

/**
 * How long to wait before retry number `attempt` (0 for the first retry): exponential backoff
 * with "full jitter",
 *
 *     delay = random_between(0, min(maxMs, baseMs * 2^attempt))
 *
 * The ceiling doubles with each failure, so a server that is down is asked less and less often;
 * the random draw spreads clients that failed together (a server restart) so they do not all
 * come back in the same millisecond. Idea and comparison with other jitters: Marc Brooker,
 * "Exponential Backoff And Jitter", AWS Architecture Blog, 2015
 * (https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/).
 */
export function backoffDelay(attempt: number, { baseMs, maxMs, random }: BackoffOptions): number {
  // Past 2^52 the ceiling is maxMs anyway; clamping keeps baseMs * 2^attempt finite.
  const exponent = Math.min(Math.max(0, Math.floor(attempt)), 52);
  const ceiling = Math.max(0, Math.min(maxMs, baseMs * 2 ** exponent));
  return Math.round(random() * ceiling);
}
