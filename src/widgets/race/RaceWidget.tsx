import { OfflineNotice } from '../shared/OfflineNotice';
import type { Tone } from '../shared/tone';
import { ServerSettings } from '../shared/ServerSettings';
import { useLiveStore } from '../shared/use-live-store';
import { useOptionalStore } from '../shared/use-store';
import { LaneCard } from './LaneCard';
import { LatencyChart } from './LatencyChart';
import { laneColorVar } from './lane-notes';
import { RaceControls } from './RaceControls';
import {
  createRaceStore,
  DEFAULT_SETTINGS,
  type RaceStore,
  type RaceViewState,
} from './race-store';
import { describeOffset, emptySnapshot, laneRows, statusMessage } from './race-view';
import { ResultsTable } from './ResultsTable';
import '../shared/widgets.css';
import './race.css';

const BADGES: Record<RaceViewState['status'], string> = {
  connecting: 'Conectando…',
  idle: 'Preparada',
  offline: 'Sin conexión',
  syncing: 'Sincronizando',
  running: 'En carrera',
  settling: 'Rezagados',
  done: 'Terminada',
  stopped: 'Detenida',
  error: 'Error',
};

/** The badge's colour for each status, from the shared tones of widgets.css. */
const TONES: Record<RaceViewState['status'], Tone> = {
  connecting: 'info',
  idle: 'info',
  offline: 'warn',
  syncing: 'info',
  running: 'ok',
  settling: 'info',
  done: 'ok',
  stopped: 'warn',
  error: 'bad',
};

/** What the page shows before the island runs (the static build): the same layout, inert. */
const STATIC_STATE: RaceViewState = {
  status: 'connecting',
  settings: DEFAULT_SETTINGS,
  racing: false,
  raced: null,
  snapshot: null,
};

/** Lesson 10: the five transports race on the same events from one real server. */
export default function RaceWidget() {
  const { store, serverUrl } = useLiveStore((url) => createRaceStore(url));
  // One tree before and after the store exists, so hydration keeps the same elements.
  const state = useOptionalStore(store) ?? STATIC_STATE;
  return <RaceView state={state} store={store} serverUrl={serverUrl} />;
}

function RaceView(props: { state: RaceViewState; store: RaceStore | null; serverUrl: string }) {
  const { state, store } = props;
  const { status, settings, snapshot } = state;
  const shown = snapshot ?? emptySnapshot(settings);
  const rows = laneRows(shown);
  const finished = status === 'done' || status === 'stopped';
  const title = 'La carrera de los cinco transportes';
  return (
    <section
      class="tr-widget race not-content"
      data-widget="race"
      data-state={status}
      aria-label={title}
    >
      <header class="tr-widget__header">
        <h3 class="tr-widget__title">{title}</h3>
        <span class={`tr-badge tr-tone--${TONES[status]}`}>
          <span class="tr-badge__dot" aria-hidden="true" />
          {BADGES[status]}
        </span>
      </header>
      <OfflineNotice
        state={status === 'offline' ? 'offline' : 'connected'}
        detail={state.detail}
        serverUrl={props.serverUrl}
      />
      <RaceControls
        settings={settings}
        racing={state.racing}
        canStart={store !== null && status !== 'offline' && status !== 'connecting'}
        onChange={(patch) => store?.setSettings(patch)}
        onStart={() => void store?.race()}
        onStop={() => store?.cancel()}
      />
      <p class={`race-status race-status--${status}`} role="status">
        {statusMessage(status, state.racing, settings, state.detail)}
      </p>
      <dl class="race-facts">
        <div>
          <dt>Publicados por el servidor</dt>
          <dd data-total={shown.started?.total ?? ''}>
            {shown.sent}
            {shown.started ? ` de ${shown.started.total}` : ''}
          </dd>
        </div>
        <div>
          <dt>Desfase de tu reloj con el del servidor</dt>
          <dd data-offset-ms={shown.offset?.offsetMs ?? ''}>{describeOffset(snapshot)}</dd>
        </div>
      </dl>
      <p class="race-note">
        Cada latencia es de ida: la hora de llegada a tu navegador, pasada al reloj del servidor con
        ese desfase, menos la hora de publicación que lleva el evento. La incertidumbre (±, la mitad
        de la ida y vuelta más corta de <code>GET /time</code>) afecta igual a los cinco carriles:
        diferencias menores que ella no significan nada.
      </p>
      <ul class="race-lanes" aria-label="Carriles">
        {rows.map((row, i) => (
          <LaneCard
            key={row.transport}
            row={row}
            lane={shown.lanes[i]!}
            finished={finished}
            style={{ '--lane-color': `var(${laneColorVar(row.transport)})` }}
          />
        ))}
      </ul>
      {snapshot && <LatencyChart snapshot={snapshot} />}
      {snapshot && state.raced && (
        <ResultsTable key={snapshot.race?.id} snapshot={snapshot} settings={state.raced} />
      )}
      <ServerSettings serverUrl={props.serverUrl} />
    </section>
  );
}
