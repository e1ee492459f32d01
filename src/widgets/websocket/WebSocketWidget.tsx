import { useState } from 'preact/hooks';
import { DROP_CODES, type DropCode } from '../../protocol';
import { EventLog } from '../shared/EventLog';
import { Fact, Facts } from '../shared/Facts';
import { formatClock, formatMs } from '../shared/format';
import { MessageList } from '../shared/MessageList';
import { PublishForm } from '../shared/PublishForm';
import { useLiveStore } from '../shared/use-live-store';
import { useStore } from '../shared/use-store';
import { frameFor } from '../shared/WidgetFrame';
import { BackpressurePanel } from './BackpressurePanel';
import { explainCloseCode } from './close-codes';
import { ReconnectChart } from './ReconnectChart';
import { createWebSocketStore, type WebSocketStore } from './websocket-store';
import './websocket.css';

const Frame = frameFor('websocket', 'WebSocket en la práctica');

const CODE_NAMES: Record<DropCode, string> = {
  1000: 'cierre normal',
  1001: 'going away',
  1006: 'corte TCP, sin trama close',
  1008: 'violación de política',
  1011: 'error interno',
};

/** Lesson 6: a hand-written WebSocket client with forced drops, reconnection, heartbeat, burst. */
export default function WebSocketWidget({ channel = 'websocket' }: { channel?: string }) {
  const { store, serverUrl } = useLiveStore((url) => createWebSocketStore(url, channel));
  if (!store) return <Frame state={null} serverUrl={serverUrl} />;
  return <Live store={store} serverUrl={serverUrl} />;
}

function Live({ store, serverUrl }: { store: WebSocketStore; serverUrl: string }) {
  const state = useStore(store);
  const [code, setCode] = useState<DropCode>(1006);
  const connected = state.connection === 'connected';
  const close = state.lastClose;
  return (
    <Frame state={state} serverUrl={serverUrl}>
      <Facts>
        <Fact label="Socket">
          <code>{state.url}</code>
        </Fact>
        <Fact label="Canal suscrito" attrs={{ 'data-channel': state.channel }}>
          <code>{state.channel}</code>
        </Fact>
        <Fact label="Reconexión">
          base {formatMs(state.backoff.baseMs)}, máximo {formatMs(state.backoff.maxMs)}
        </Fact>
      </Facts>
      <PublishForm onPublish={(text) => store.publish(text)} disabled={!connected} />
      <MessageList messages={state.messages} empty="Aún no hay mensajes: publica uno." />

      <h4 class="tr-subheading">Forzar desconexión</h4>
      <div class="tr-controls tr-ws-drop">
        <label>
          Código de cierre
          <select
            value={code}
            onChange={(event) => setCode(Number(event.currentTarget.value) as DropCode)}
          >
            {DROP_CODES.map((c) => (
              <option value={c} key={c}>
                {c} ({CODE_NAMES[c]})
              </option>
            ))}
          </select>
        </label>
        <button type="button" disabled={!connected} onClick={() => store.drop(code)}>
          Forzar desconexión
        </button>
      </div>
      {state.dropError && (
        <p class="tr-ws-error" role="alert">
          {state.dropError}
        </p>
      )}
      <div class="tr-ws-close" aria-live="polite" data-close-code={close?.code ?? ''}>
        {close ? (
          <>
            <Facts>
              <Fact label="Último cierre: code">{close.code}</Fact>
              <Fact label="reason">{close.reason ? `«${close.reason}»` : '(vacío)'}</Fact>
              <Fact label="wasClean">{String(close.wasClean)}</Fact>
              <Fact label="Hora">{formatClock(close.at)}</Fact>
            </Facts>
            <p class="tr-ws-explain">{explainCloseCode(close.code)}</p>
          </>
        ) : (
          <p class="tr-empty">La conexión aún no se ha cerrado.</p>
        )}
      </div>

      <h4 class="tr-subheading">Reconexión</h4>
      <ReconnectChart
        attempts={state.attempts}
        backoff={state.backoff}
        recoveredAt={state.recoveredAt}
      />

      <h4 class="tr-subheading">Latido de aplicación</h4>
      <Facts>
        <Fact label="RTT del último ping" attrs={{ 'data-rtt-ms': state.rttMs ?? '' }}>
          {state.rttMs === undefined ? 'esperando el primer pong…' : formatMs(state.rttMs)}
        </Fact>
        <Fact label="Último pong">
          {state.lastPongAt === undefined ? '—' : formatClock(state.lastPongAt)}
        </Fact>
        <Fact label="Ping cada">{formatMs(state.heartbeatMs)}</Fact>
      </Facts>

      <h4 class="tr-subheading">Contrapresión</h4>
      <BackpressurePanel
        burst={state.burst}
        disabled={!connected}
        onBurst={() => store.burst(200)}
      />

      <h4 class="tr-subheading">Registro</h4>
      <EventLog entries={state.log} label="Registro de la conexión WebSocket" />
    </Frame>
  );
}
