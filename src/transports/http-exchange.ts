import { PATHS, type Envelope, type Json, type TransportId } from '../protocol';
import type { FetchLike, ResponseLike } from './platform';
import type { Clock, RequestRecord } from './types';
import { errorText, messageOf, parseJson, seconds, toEnvelope } from './wire';
import { httpUrl } from './url';

/** One poll to make (short or long). */
export interface PollRequest {
  fetch: FetchLike;
  clock: Clock;
  url: string;
  /** Aborted by the caller on `stop()`; the poll then resolves `{ kind: 'aborted' }`. */
  controller: AbortController;
  /** The outcome of an empty 200: `empty` for a short poll, `timeout` for a held long poll. */
  emptyOutcome: 'empty' | 'timeout';
  /** Gives up after this long without an answer (a long poll lost by the network never ends). */
  deadlineMs?: number;
}

/** How a poll ended. `refused`: a 4xx, retrying will not help. `failed`: worth retrying. */
export type PollResult =
  | { kind: 'ok'; record: RequestRecord; messages: Envelope[]; cursor: string; truncated: boolean }
  | { kind: 'refused'; record: RequestRecord; error: string }
  | { kind: 'failed'; record: RequestRecord; detail: string }
  | { kind: 'aborted' };

/** Makes one GET to a polling route and classifies the answer. */
export async function requestPoll(request: PollRequest): Promise<PollResult> {
  const { fetch, clock, url, controller, emptyOutcome, deadlineMs } = request;
  const startedAt = clock.now();
  let timedOut = false;
  const deadline =
    deadlineMs === undefined
      ? undefined
      : clock.setTimeout(() => {
          timedOut = true;
          controller.abort();
        }, deadlineMs);
  // Released the moment the caller aborts (stop()), not a microtask later.
  if (deadline !== undefined) {
    controller.signal.addEventListener('abort', () => clock.clearTimeout(deadline), { once: true });
  }
  const record = (
    status: number,
    bytes: number,
    messages: number,
    outcome: RequestRecord['outcome'],
  ) =>
    ({ startedAt, endedAt: clock.now(), status, bytes, messages, outcome }) satisfies RequestRecord;

  let response: ResponseLike;
  let body: string;
  try {
    response = await fetch(url, { signal: controller.signal });
    body = await response.text();
  } catch (error) {
    if (!timedOut && controller.signal.aborted) return { kind: 'aborted' };
    const detail = timedOut
      ? `El servidor no respondió en ${seconds(deadlineMs!)}`
      : `Sin conexión con el servidor (${messageOf(error)})`;
    return { kind: 'failed', record: record(0, 0, 0, 'error'), detail };
  } finally {
    if (deadline !== undefined) clock.clearTimeout(deadline);
  }

  const bytes = bodyBytes(response, body);
  if (response.status >= 400 && response.status < 500) {
    return {
      kind: 'refused',
      record: record(response.status, bytes, 0, 'error'),
      error: errorText(body, response.status),
    };
  }
  const parsed = parseJson(body) as
    { messages?: unknown; cursor?: unknown; truncated?: unknown } | undefined;
  if (!response.ok || !Array.isArray(parsed?.messages) || typeof parsed.cursor !== 'string') {
    const detail = response.ok
      ? 'El servidor envió una respuesta que no es un sondeo válido'
      : `El servidor respondió ${response.status}: ${errorText(body, response.status)}`;
    return { kind: 'failed', record: record(response.status, bytes, 0, 'error'), detail };
  }
  const messages = parsed.messages.map(toEnvelope).filter((m): m is Envelope => m !== null);
  return {
    kind: 'ok',
    record: record(
      response.status,
      bytes,
      messages.length,
      messages.length > 0 ? 'messages' : emptyOutcome,
    ),
    messages,
    cursor: parsed.cursor,
    truncated: parsed.truncated === true,
  };
}

/** Body size: `Content-Length` when the server sent one (bytes on the wire), else UTF-8 length. */
function bodyBytes(response: ResponseLike, body: string): number {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  return Number.isFinite(declared) ? declared : new TextEncoder().encode(body).length;
}

/** Publishes with `POST /channels/:channel/messages?via=`; rejects with the server's reason. */
export async function publishOverHttp(options: {
  fetch: FetchLike;
  baseUrl: string;
  channel: string;
  via: TransportId;
  data: Json;
}): Promise<Envelope> {
  const { fetch, baseUrl, channel, via, data } = options;
  let response: ResponseLike;
  let body: string;
  try {
    response = await fetch(httpUrl(baseUrl, PATHS.publish(channel), { via }), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ data }),
    });
    body = await response.text();
  } catch (error) {
    throw new Error(`No se pudo publicar: sin conexión con el servidor (${messageOf(error)})`);
  }
  if (!response.ok) throw new Error(`No se pudo publicar: ${errorText(body, response.status)}`);
  const envelope = toEnvelope(parseJson(body));
  if (!envelope) throw new Error('No se pudo publicar: el servidor envió una respuesta no válida');
  return envelope;
}
