import {
  PATHS,
  type RaceConfig,
  type RaceCreated,
  type RaceReport,
  type RaceStarted,
} from '../protocol';
import type { FetchLike } from '../transports/platform';
import { httpUrl } from '../transports/url';
import { errorText, messageOf, parseJson } from '../transports/wire';

/** The demo server's race routes: create, start, read the report. */
export interface RaceApi {
  create(config: RaceConfig): Promise<RaceCreated>;
  start(id: string): Promise<RaceStarted>;
  report(id: string): Promise<RaceReport>;
}

/** The race routes over an injected `fetch`; errors carry the server's reason, in Spanish. */
export function createRaceApi(baseUrl: string, fetch: FetchLike): RaceApi {
  async function call<T>(method: 'GET' | 'POST', path: string, body?: object): Promise<T> {
    let status: number;
    let text: string;
    let ok: boolean;
    try {
      const response = await fetch(httpUrl(baseUrl, path), {
        method,
        ...(body
          ? { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }
          : {}),
      });
      ({ status, ok } = response);
      text = await response.text();
    } catch (error) {
      throw new Error(`Sin conexión con el servidor (${messageOf(error)})`);
    }
    if (!ok) throw new Error(`El servidor rechazó la carrera: ${errorText(text, status)}`);
    const parsed = parseJson(text);
    if (typeof parsed !== 'object' || parsed === null) {
      throw new Error('El servidor envió una respuesta no válida');
    }
    return parsed as T;
  }
  return {
    create: (config) => call<RaceCreated>('POST', PATHS.races, config),
    start: (id) => call<RaceStarted>('POST', PATHS.raceStart(id)),
    report: (id) => call<RaceReport>('GET', PATHS.race(id)),
  };
}
