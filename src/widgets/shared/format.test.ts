import { describe, expect, it } from 'vitest';
import { formatCountdown } from './format';

describe('formatCountdown', () => {
  it('counts down in m:ss, rounding up and never below zero', () => {
    expect(formatCountdown(3_600_000)).toBe('60:00');
    expect(formatCountdown(61_001)).toBe('1:02');
    expect(formatCountdown(1)).toBe('0:01');
    expect(formatCountdown(-5)).toBe('0:00');
  });
});
