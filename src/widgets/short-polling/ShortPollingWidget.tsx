import { MessageList } from '../shared/MessageList';
import { PublishForm } from '../shared/PublishForm';
import { RequestLog } from '../shared/RequestLog';
import { useLiveStore } from '../shared/use-live-store';
import { useStore } from '../shared/use-store';
import { frameFor } from '../shared/WidgetFrame';
import { createShortPollingStore } from './short-polling-store';
import './short-polling.css';

const Frame = frameFor('short-polling', 'Short polling en vivo');

const INTERVALS = [500, 1000, 2000, 5000, 10000];

/** Lesson 2: short polling against the demo server, with every request in view. */
export default function ShortPollingWidget({ channel = 'demo' }: { channel?: string }) {
  const { store, serverUrl } = useLiveStore((url) => createShortPollingStore(url, channel, 2000));
  if (!store) return <Frame state={null} serverUrl={serverUrl} channel={channel} />;
  return <Live store={store} serverUrl={serverUrl} channel={channel} />;
}

function Live(props: {
  store: ReturnType<typeof createShortPollingStore>;
  serverUrl: string;
  channel: string;
}) {
  const { store } = props;
  const state = useStore(store);
  return (
    <Frame state={state} serverUrl={props.serverUrl} channel={props.channel}>
      <div class="tr-controls">
        <label>
          Intervalo
          <select
            value={state.intervalMs}
            onChange={(event) => store.setInterval(Number(event.currentTarget.value))}
          >
            {INTERVALS.map((ms) => (
              <option value={ms} key={ms}>
                {ms < 1000 ? `${ms} ms` : `${ms / 1000} s`}
              </option>
            ))}
          </select>
        </label>
      </div>
      <dl class="tr-stats">
        <div>
          <dt>Peticiones</dt>
          <dd>{state.requestCount}</dd>
        </div>
        <div>
          <dt>Con novedades</dt>
          <dd>{state.usefulRequests}</dd>
        </div>
        <div>
          <dt>Mensajes recibidos</dt>
          <dd>{state.messages.length}</dd>
        </div>
      </dl>
      <PublishForm
        onPublish={(text) => store.publish(text)}
        disabled={state.connection !== 'connected'}
      />
      <MessageList messages={state.messages} empty="Aún no hay mensajes: publica uno." />
      <RequestLog requests={state.requests} />
      <p class="sp-note">
        «Cuerpo» cuenta solo el JSON de cada respuesta. No incluye las cabeceras HTTP (cientos de
        bytes por petición, a la ida y a la vuelta), que son la mayor parte del coste: lo explica
        «Cuánto cuesta en bytes».
      </p>
    </Frame>
  );
}
