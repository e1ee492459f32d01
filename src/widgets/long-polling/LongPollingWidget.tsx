import { formatMs } from '../shared/format';
import { MessageList } from '../shared/MessageList';
import { PublishForm } from '../shared/PublishForm';
import { RequestLog } from '../shared/RequestLog';
import { useLiveStore } from '../shared/use-live-store';
import { useStore } from '../shared/use-store';
import { frameFor } from '../shared/WidgetFrame';
import { createLongPollingStore, type LongPollingStore } from './long-polling-store';
import { Timeline } from './Timeline';
import './long-polling.css';

const Frame = frameFor('long-polling', 'Long polling en vivo');

/** Short enough to watch in class; 25 s is the server's default. */
const TIMEOUTS = [5000, 10000, 25000];

/** Lesson 3: long polling against the demo server, drawn on a timeline as it happens. */
export default function LongPollingWidget({ channel = 'demo' }: { channel?: string }) {
  const { store, serverUrl } = useLiveStore((url) => createLongPollingStore(url, channel, 25000));
  if (!store) return <Frame state={null} serverUrl={serverUrl} channel={channel} />;
  return <Live store={store} serverUrl={serverUrl} channel={channel} />;
}

function Live(props: { store: LongPollingStore; serverUrl: string; channel: string }) {
  const { store } = props;
  const state = useStore(store);
  const optional = (ms: number | undefined) => (ms === undefined ? '—' : formatMs(ms));
  return (
    <Frame state={state} serverUrl={props.serverUrl} channel={props.channel}>
      <div class="tr-controls">
        <label>
          Timeout
          <select
            value={state.timeoutMs}
            onChange={(event) => store.setTimeoutMs(Number(event.currentTarget.value))}
          >
            {TIMEOUTS.map((ms) => (
              <option value={ms} key={ms}>
                {ms / 1000} s
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
          <dt>Respondidas por timeout</dt>
          <dd>{state.timeoutAnswers}</dd>
        </div>
        <div>
          <dt>Respondidas con mensajes</dt>
          <dd>{state.messageAnswers}</dd>
        </div>
        <div>
          <dt>Última ida y vuelta</dt>
          <dd>{optional(state.lastRoundTripMs)}</dd>
        </div>
        <div>
          <dt>Último hueco</dt>
          <dd>{optional(state.lastGapMs)}</dd>
        </div>
      </dl>
      <Timeline
        polls={state.polls}
        messages={state.messages}
        offsetMs={state.offsetMs}
        networkRttMs={state.networkRttMs}
        now={store.now}
      />
      <PublishForm
        onPublish={(text) => store.publish(text)}
        disabled={state.connection !== 'connected'}
      />
      <MessageList messages={state.messages} empty="Aún no hay mensajes: publica uno." />
      <details class="lp-log">
        <summary>Registro de peticiones</summary>
        <RequestLog requests={state.requests} />
      </details>
    </Frame>
  );
}
