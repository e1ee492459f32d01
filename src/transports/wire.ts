import { isEnvelope, type Envelope } from '../protocol';

/** Parses JSON, or returns undefined when it is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The value as an envelope when it is one, else null (clients skip what does not fit). */
export function toEnvelope(value: unknown): Envelope | null {
  return isEnvelope(value) ? value : null;
}

/** The `error` text of a server error answer, or a generic one with the status. */
export function errorText(body: string, status: number): string {
  const parsed = parseJson(body) as { error?: unknown } | undefined;
  return typeof parsed?.error === 'string' ? parsed.error : `HTTP ${status}`;
}

/** The message of anything thrown. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Milliseconds as seconds for a Spanish sentence: 1500 -> "1,5 s". */
export function seconds(ms: number): string {
  return `${(Math.round(ms / 100) / 10).toString().replace('.', ',')} s`;
}
