import { parseMessageId } from '../../src/protocol';
import { HttpError } from './http-json';

/** Reads the `after` cursor of a poll: undefined (start from now) or a valid message id. */
export function readAfterParam(url: URL): string | undefined {
  const after = url.searchParams.get('after');
  if (after === null || after === '') return undefined;
  if (!parseMessageId(after)) {
    throw new HttpError(400, `invalid "after": "${after.slice(0, 40)}" is not a message id`);
  }
  return after;
}

/** Reads a whole-number query parameter within bounds, or its default. */
export function readIntParam(
  url: URL,
  name: string,
  { min, max, fallback }: { min: number; max: number; fallback: number },
): number {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new HttpError(400, `invalid "${name}": use a whole number from ${min} to ${max}`);
  }
  return value;
}
