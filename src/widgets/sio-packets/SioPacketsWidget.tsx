import { EventLog } from '../shared/EventLog';
import { Fact, Facts } from '../shared/Facts';
import { formatMs } from '../shared/format';
import { PublishForm } from '../shared/PublishForm';
import { useLiveStore } from '../shared/use-live-store';
import { useStore } from '../shared/use-store';
import { frameFor } from '../shared/WidgetFrame';
import { AckPanel } from './AckPanel';
import { RECONNECTION } from './inspectable-socket';
import { PacketList } from './PacketList';
import { RecoveryNote } from './RecoveryNote';
import {
  createSioPacketsStore,
  INSPECTOR_CHANNEL,
  type SioPacketsStore,
} from './sio-packets-store';
import './sio-packets.css';

const Frame = frameFor('sio-packets', 'Inspector de paquetes Socket.IO');

/** Lesson 7: the Engine.IO and Socket.IO packets of a real socket.io-client, as they pass. */
export default function SioPacketsWidget() {
  const { store, serverUrl } = useLiveStore((url) => createSioPacketsStore(url));
  if (!store) return <Frame state={null} serverUrl={serverUrl} />;
  return <Live store={store} serverUrl={serverUrl} />;
}

function Live({ store, serverUrl }: { store: SioPacketsStore; serverUrl: string }) {
  const state = useStore(store);
  const connected = state.connection === 'connected';
  const handshake = state.handshake;
  return (
    <Frame state={state} serverUrl={serverUrl}>
      <Facts>
        <Fact label="Transporte" attrs={{ 'data-current-transport': state.transport ?? '' }}>
          {state.transport ?? '—'}
        </Fact>
        <Fact label="sid de Engine.IO">{handshake ? <code>{handshake.sid}</code> : '—'}</Fact>
        <Fact label="socket.id">{state.socketId ? <code>{state.socketId}</code> : '—'}</Fact>
        <Fact label="Latido (del servidor)">
          {handshake
            ? `ping cada ${formatMs(handshake.pingInterval)}, pong en ${formatMs(handshake.pingTimeout)}`
            : '—'}
        </Fact>
        <Fact label="Reconexión">
          {formatMs(RECONNECTION.reconnectionDelay)} · 2ⁿ, hasta{' '}
          {formatMs(RECONNECTION.reconnectionDelayMax)}, ±{RECONNECTION.randomizationFactor * 100} %
        </Fact>
        <Fact label="socket.recovered" attrs={{ 'data-recovered': String(state.recovered ?? '') }}>
          {state.recovered === undefined ? '—' : String(state.recovered)}
        </Fact>
      </Facts>
      <RecoveryNote state={state} />

      <div class="tr-controls">
        <button
          type="button"
          aria-pressed={state.pollingOnly}
          onClick={() => store.setPollingOnly(!state.pollingOnly)}
        >
          Solo polling
        </button>
        <button type="button" disabled={!connected} onClick={() => store.cutTransport()}>
          Cortar el transporte
        </button>
        <button type="button" onClick={() => store.clearPackets()}>
          Vaciar la lista
        </button>
      </div>
      <p class="tr-note">
        {state.pollingOnly
          ? 'Solo polling: io(url, { transports: ["polling"] }). No habrá prueba ni cambio a WebSocket.'
          : 'Por defecto: empieza con polling y prueba a cambiar a WebSocket.'}{' '}
        «Cortar el transporte» cierra <code>socket.io.engine.transport</code> como lo haría un fallo
        de red: mira la desconexión, la espera y la nueva sesión.
      </p>

      <h4 class="tr-subheading">Evento con acuse (ack) y tiempo límite</h4>
      <AckPanel
        acks={state.acks}
        disabled={!connected}
        onSend={(event, ms) => store.emitWithAck(event, ms)}
      />

      <h4 class="tr-subheading">Publicar en «{INSPECTOR_CHANNEL}»</h4>
      <PublishForm
        label={`Mensaje para el canal ${INSPECTOR_CHANNEL}`}
        onPublish={(text) => store.publish(text)}
        disabled={!connected}
      />

      <h4 class="tr-subheading">Paquetes</h4>
      <PacketList packets={state.packets} />
      <p class="tr-note">
        * <code>2probe</code>, <code>3probe</code> y <code>5</code> viajan por el WebSocket nuevo
        sin pasar por los eventos <code>packet</code>/<code>packetCreate</code> de Engine.IO: el
        widget los anota cuando engine.io-client avisa con <code>upgrading</code> (tras recibir{' '}
        <code>3probe</code>) y <code>upgrade</code> (tras enviar <code>5</code>). Con polling,
        varios paquetes pueden compartir un mismo cuerpo HTTP, separados por el carácter{' '}
        <code>\x1e</code>; aquí se muestran uno a uno.
      </p>

      <h4 class="tr-subheading">Registro</h4>
      <EventLog entries={state.log} label="Registro de la conexión Socket.IO" />
    </Frame>
  );
}
