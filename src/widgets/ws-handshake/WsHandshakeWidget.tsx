import { useLiveStore } from '../shared/use-live-store';
import { useStore } from '../shared/use-store';
import { frameFor } from '../shared/WidgetFrame';
import { AcceptCheckView } from './AcceptCheckView';
import { createHandshakeStore, type HandshakeStore } from './handshake-store';
import { HttpMessage } from './HttpMessage';
import './ws-handshake.css';

const Frame = frameFor('ws-handshake', 'El handshake de tu navegador');

/** Lesson 5: the opening handshake of a real connection, and Sec-WebSocket-Accept recomputed. */
export default function WsHandshakeWidget() {
  const { store, serverUrl } = useLiveStore((url) => createHandshakeStore(url));
  if (!store) return <Frame state={null} serverUrl={serverUrl} />;
  return <Live store={store} serverUrl={serverUrl} />;
}

function Live({ store, serverUrl }: { store: HandshakeStore; serverUrl: string }) {
  const state = useStore(store);
  const { report } = state;
  return (
    <Frame state={state} serverUrl={serverUrl}>
      <div class="tr-controls">
        <button type="button" onClick={() => store.repeat()}>
          Repetir el handshake
        </button>
        {state.handshakes > 0 && (
          <span aria-live="polite">
            Handshake nº {state.handshakes}
            {state.connection !== 'connected' && ' (reconectando…)'}
          </span>
        )}
      </div>
      {report ? (
        <div class="wsh-exchange">
          <HttpMessage
            side="request"
            title="Petición de tu navegador, tal como la recibió el servidor"
            startLine={`${report.request.method} ${report.request.url} HTTP/${report.request.httpVersion}`}
            headers={report.request.headers}
          />
          <HttpMessage
            side="response"
            title="Respuesta del servidor"
            startLine={report.response.statusLine}
            headers={report.response.headers}
          />
        </div>
      ) : (
        state.connection !== 'offline' && <p class="tr-empty">Esperando el handshake…</p>
      )}
      {report && <AcceptCheckView check={state.check} previousKey={state.previousKey} />}
    </Frame>
  );
}
