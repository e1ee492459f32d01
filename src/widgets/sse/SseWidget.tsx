import { PATHS } from '../../protocol';
import { EventLog } from '../shared/EventLog';
import { Fact, Facts } from '../shared/Facts';
import { MessageList } from '../shared/MessageList';
import { PublishForm } from '../shared/PublishForm';
import { useLiveStore } from '../shared/use-live-store';
import { useStore } from '../shared/use-store';
import { frameFor } from '../shared/WidgetFrame';
import { createSseStore, type ReadyState, type SseStore } from './sse-store';
import './sse.css';

const Frame = frameFor('sse', 'Server-Sent Events en vivo');

const READY_STATES: Record<ReadyState, string> = { 0: 'CONNECTING', 1: 'OPEN', 2: 'CLOSED' };

/** Lesson 4: a live EventSource, a button that cuts it, and the replay after Last-Event-ID. */
export default function SseWidget({ channel = 'demo' }: { channel?: string }) {
  const { store, serverUrl } = useLiveStore((url) => createSseStore(url, channel));
  if (!store) return <Frame state={null} serverUrl={serverUrl} />;
  return <Live store={store} serverUrl={serverUrl} channel={channel} />;
}

function Live(props: { store: SseStore; serverUrl: string; channel: string }) {
  const { store, channel } = props;
  const state = useStore(store);
  return (
    <Frame state={state} serverUrl={props.serverUrl}>
      <Facts>
        <Fact label="Flujo">
          <code>GET {PATHS.sse(channel)}</code>
        </Fact>
        <Fact label="readyState" attrs={{ 'data-ready-state': state.readyState }}>
          {state.readyState} ({READY_STATES[state.readyState]})
        </Fact>
        <Fact label="Id de conexión (hello)">
          <code data-connection-id={state.connectionId ?? ''}>{state.connectionId ?? '—'}</code>
        </Fact>
        <Fact label="Último id (Last-Event-ID)">
          <code>{state.lastEventId ?? 'el de hello'}</code>
        </Fact>
        <Fact label="retry">{state.retryMs} ms</Fact>
      </Facts>
      <div class="tr-sse-cut">
        <button
          type="button"
          onClick={() => void store.cut()}
          disabled={state.connection !== 'connected' || !state.connectionId || state.cutting}
        >
          Cortar la conexión
        </button>
        <p class="tr-sse-cut__hint">
          Prueba: corta la conexión, publica algo mientras está cortada y observa cómo llega al
          reconectar, marcado como «reenviado».
        </p>
        {state.cutError && (
          <p class="tr-sse-cut__error" role="alert">
            {state.cutError}
          </p>
        )}
      </div>
      <PublishForm onPublish={(text) => store.publish(text)} />
      <MessageList messages={state.messages} empty="Aún no hay mensajes: publica uno." />
      <h4 class="tr-subheading">Registro de eventos</h4>
      <EventLog entries={state.log} label="Registro de eventos del EventSource" />
    </Frame>
  );
}
