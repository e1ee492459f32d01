import { z } from 'zod';
import { RACE_LIMITS, type RaceConfig } from '../../src/protocol';

const integer = (name: string, min: number, max: number, unit = '') =>
  z
    .number({ invalid_type_error: `${name} must be a number` })
    .int(`${name} must be a whole number`)
    .min(min, `${name} must be between ${min} and ${max}${unit}`)
    .max(max, `${name} must be between ${min} and ${max}${unit}`);

/** Body of `POST /races`; `delayMs` and `jitterMs` default to 0. */
export const raceConfigSchema = z
  .object({
    rateHz: integer('rateHz', RACE_LIMITS.minRateHz, RACE_LIMITS.maxRateHz, ' events per second'),
    durationMs: integer('durationMs', RACE_LIMITS.minDurationMs, RACE_LIMITS.maxDurationMs, ' ms'),
    delayMs: integer('delayMs', 0, RACE_LIMITS.maxDelayMs, ' ms').default(0),
    jitterMs: integer('jitterMs', 0, RACE_LIMITS.maxJitterMs, ' ms').default(0),
  })
  .strict();

// Fails to compile if the schema's output drifts from the protocol's RaceConfig.
const _sameShape = (config: z.output<typeof raceConfigSchema>): RaceConfig => config;
