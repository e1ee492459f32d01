import type { Json } from '../../protocol';

/** A message's data as plain text: strings as they are, anything else as compact JSON. */
export function dataAsText(data: Json | unknown): string {
  return typeof data === 'string' ? data : JSON.stringify(data);
}

/** One decimal with the Spanish decimal comma: 1.25 -> `1,3`. */
export function formatDecimal(value: number, digits = 1): string {
  return value.toFixed(digits).replace('.', ',');
}

/** `1,2 KB`, `340 B`. */
export function formatBytes(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${formatDecimal(bytes / 1024)} KB`;
}

/** `85 ms`, `1,4 s`. */
export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${formatDecimal(ms / 1000)} s`;
}

/** Wall-clock time with milliseconds, `14:03:07.123`, for request logs. */
export function formatClock(epochMs: number): string {
  const date = new Date(epochMs);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

// One formatter for every call: `toLocaleTimeString` with options builds a new one each time.
const TIME = new Intl.DateTimeFormat('es-ES', {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** Wall-clock time to the second, `14:03:07`, for chat messages and token expiries. */
export function formatTime(epochMs: number): string {
  return TIME.format(epochMs);
}

/** Time left as `m:ss`, rounded up to the second and never negative: `61_001` -> `1:02`. */
export function formatCountdown(msLeft: number): string {
  const total = Math.max(0, Math.ceil(msLeft / 1000));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}
