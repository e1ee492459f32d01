import type { RaceCreated } from '../../src/protocol';
import { HttpError, readJsonBody, sendJson } from '../lib/http-json';
import { takeOrThrow429, type RateLimiter } from '../lib/rate-limit';
import { validate } from '../lib/validation';
import { clientAddress, type AdapterContext } from '../transports/context';
import { raceConfigSchema } from './config-schema';
import type { Race } from './race';
import { RaceCapacityError, type RaceRegistry } from './race-registry';

/** A race config is four numbers: no body needs more than this. */
const MAX_BODY_BYTES = 1024;

/** `POST /races`, `POST /races/:id/start`, `GET /races/:id`. */
export function registerRaceRoutes(
  ctx: AdapterContext,
  races: RaceRegistry,
  createLimiter: RateLimiter,
): void {
  ctx.routes.add('POST', '/races', async ({ req, res }) => {
    takeOrThrow429(
      createLimiter,
      clientAddress(req),
      'too many races created from your address: wait and try again',
    );
    const config = validate(raceConfigSchema, await readJsonBody(req, MAX_BODY_BYTES));
    if (!config.ok) throw new HttpError(400, config.error);
    let race: Race;
    try {
      race = races.create(config.value);
    } catch (error) {
      if (error instanceof RaceCapacityError) throw new HttpError(503, error.message);
      throw error;
    }
    const created: RaceCreated = { id: race.id, channel: race.channel, config: race.config };
    sendJson(res, 201, created);
  });

  ctx.routes.add('POST', '/races/:id/start', ({ res, params }) => {
    const race = find(races, params.id!);
    if (race.state !== 'ready') {
      throw new HttpError(
        409,
        `race ${race.id} was already started: create a new race to race again`,
      );
    }
    sendJson(res, 200, races.start(race));
  });

  ctx.routes.add('GET', '/races/:id', ({ res, params }) => {
    sendJson(res, 200, find(races, params.id!).report());
  });
}

function find(races: RaceRegistry, id: string): Race {
  const race = races.get(id);
  if (!race) {
    throw new HttpError(404, `no race "${id.slice(0, 40)}": it never existed or has expired`);
  }
  return race;
}
