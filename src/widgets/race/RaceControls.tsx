import { RACE_LIMITS } from '../../protocol';
import { SHORT_POLLING_INTERVALS_MS, type RaceSettings } from './race-store';

/** The race's parameters, the Start/Stop buttons, and what "distance" means here. */
export function RaceControls(props: {
  settings: RaceSettings;
  racing: boolean;
  canStart: boolean;
  onChange: (patch: Partial<RaceSettings>) => void;
  onStart: () => void;
  onStop: () => void;
}) {
  const { settings, racing, onChange } = props;
  const number = (event: Event) => Number((event.currentTarget as HTMLInputElement).value);
  const ms = (value: number) => (value < 1000 ? `${value} ms` : `${value / 1000} s`);
  return (
    <form
      class="race-controls"
      onSubmit={(event) => {
        event.preventDefault();
        if (!racing) props.onStart();
      }}
    >
      <fieldset disabled={racing}>
        <legend class="tr-visually-hidden">Parámetros de la carrera</legend>
        <label>
          <span>
            Ritmo: <strong>{settings.rateHz} eventos/s</strong>
          </span>
          <input
            type="range"
            name="rateHz"
            min={RACE_LIMITS.minRateHz}
            max={RACE_LIMITS.maxRateHz}
            step={1}
            value={settings.rateHz}
            aria-valuetext={`${settings.rateHz} eventos por segundo`}
            onInput={(event) => onChange({ rateHz: number(event) })}
          />
        </label>
        <label>
          <span>
            Duración: <strong>{settings.durationMs / 1000} s</strong>
          </span>
          <input
            type="range"
            name="durationS"
            min={3}
            max={RACE_LIMITS.maxDurationMs / 1000}
            step={1}
            value={settings.durationMs / 1000}
            aria-valuetext={`${settings.durationMs / 1000} segundos`}
            onInput={(event) => onChange({ durationMs: number(event) * 1000 })}
          />
        </label>
        <label>
          <span>Intervalo del short polling</span>
          <select
            name="shortPollingIntervalMs"
            value={settings.shortPollingIntervalMs}
            onChange={(event) => onChange({ shortPollingIntervalMs: number(event) })}
          >
            {SHORT_POLLING_INTERVALS_MS.map((value) => (
              <option key={value} value={value}>
                {ms(value)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>Distancia simulada (por sentido)</span>
          <select
            name="delayMs"
            value={settings.delayMs}
            onChange={(event) => onChange({ delayMs: number(event) })}
          >
            {RACE_LIMITS.delayChoicesMs.map((value) => (
              <option key={value} value={value}>
                {value === 0 ? '0 ms (esta máquina)' : `${value} ms`}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>
            Jitter: <strong>hasta {settings.jitterMs} ms</strong>
          </span>
          <input
            type="range"
            name="jitterMs"
            min={0}
            max={RACE_LIMITS.maxJitterMs}
            step={5}
            value={settings.jitterMs}
            aria-valuetext={`hasta ${settings.jitterMs} milisegundos`}
            onInput={(event) => onChange({ jitterMs: number(event) })}
          />
        </label>
      </fieldset>
      <div class="race-controls__buttons">
        <button type="submit" disabled={racing || !props.canStart}>
          Empezar la carrera
        </button>
        <button type="button" onClick={props.onStop} disabled={!racing}>
          Detener
        </button>
      </div>
      <p class="race-controls__note">
        <strong>La distancia es simulada.</strong> Todo corre en tu máquina y en el servidor de
        demostración; para imitar una red lejana, el servidor retiene cada petición o frame que
        entra y cada respuesta o frame que sale durante la demora elegida (más un jitter al azar,
        sin desordenar nada), en cada sentido, y solo en las conexiones de esta carrera. Así el long
        polling paga su viaje de ida y vuelta extra y el short polling su intervalo, como en una red
        real.
      </p>
    </form>
  );
}
