import { HttpError } from './http-json';

/** Token-bucket limits: `ratePerSecond` on average, bursts up to `burst`. */
export interface RateLimit {
  ratePerSecond: number;
  burst: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * Counts actions per key (a client address, a socket) and refuses those past the limit.
 * Buckets that have refilled are forgotten, so memory follows active clients only.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Takes one token for `key`; false when the key has none left. */
  take(key: string): boolean {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.limit.burst, updatedAt: now };
    const refilled = (now - bucket.updatedAt) * (this.limit.ratePerSecond / 1000);
    bucket.tokens = Math.min(this.limit.burst, bucket.tokens + refilled);
    bucket.updatedAt = now;
    if (bucket.tokens < 1) {
      this.buckets.set(key, bucket);
      return false;
    }
    bucket.tokens -= 1;
    this.buckets.set(key, bucket);
    if (this.buckets.size > 10_000) this.forgetFull(now);
    return true;
  }

  /** Seconds until `key` has a token again (for Retry-After). */
  retryAfterSeconds(key: string): number {
    const bucket = this.buckets.get(key);
    if (!bucket || bucket.tokens >= 1) return 0;
    return Math.ceil((1 - bucket.tokens) / this.limit.ratePerSecond);
  }

  /** Forgets the state of one key (a closed socket). */
  forget(key: string): void {
    this.buckets.delete(key);
  }

  private forgetFull(now: number): void {
    const msToFull = (this.limit.burst / this.limit.ratePerSecond) * 1000;
    for (const [key, bucket] of this.buckets) {
      if (now - bucket.updatedAt >= msToFull) this.buckets.delete(key);
    }
  }
}

/** Takes one token for a client address, or throws HttpError 429 with `message` and Retry-After. */
export function takeOrThrow429(limiter: RateLimiter, key: string, message: string): void {
  if (!limiter.take(key)) {
    throw new HttpError(429, message, { 'Retry-After': String(limiter.retryAfterSeconds(key)) });
  }
}
