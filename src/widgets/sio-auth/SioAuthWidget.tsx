import { useState } from 'preact/hooks';
import { CHAT_LIMITS, INSTRUCTORS_ROOM } from '../../protocol';
import { useLiveStore } from '../shared/use-live-store';
import { useStore } from '../shared/use-store';
import { frameFor } from '../shared/WidgetFrame';
import { AttemptList } from './AttemptList';
import {
  createSioAuthStore,
  EXPIRING_TTL_S,
  EXPIRY_WAIT_MS,
  RENEW_AFTER_MS,
  type SioAuthStore,
} from './sio-auth-store';
import { TokenView } from './TokenView';
import './sio-auth.css';

const Frame = frameFor('sio-auth', 'Autenticación en el handshake de Socket.IO');

/** Lesson 9: get a JWT, connect to /chat with it, without it, tampered or expired; join a room. */
export default function SioAuthWidget() {
  const { store, serverUrl } = useLiveStore((url) => createSioAuthStore(url));
  if (!store) return <Frame state={null} serverUrl={serverUrl} />;
  return <Live store={store} serverUrl={serverUrl} />;
}

function Live({ store, serverUrl }: { store: SioAuthStore; serverUrl: string }) {
  const state = useStore(store);
  const [name, setName] = useState('Ana');
  const [instructorKey, setInstructorKey] = useState('');
  const ready = state.connection === 'idle' && !state.busy;
  const hasToken = state.token !== undefined;
  const hasName = name.trim() !== '';
  return (
    <Frame state={state} serverUrl={serverUrl}>
      <h4 class="tr-subheading">1. Pide un token</h4>
      <form
        class="sio-auth-form"
        onSubmit={(event) => {
          event.preventDefault();
          void store.getToken(name, instructorKey);
        }}
      >
        <label>
          Nombre
          <input
            type="text"
            value={name}
            maxLength={CHAT_LIMITS.maxNameLength}
            autoComplete="off"
            onInput={(event) => setName(event.currentTarget.value)}
          />
        </label>
        <label>
          Clave de docente (opcional)
          <input
            type="password"
            value={instructorKey}
            autoComplete="off"
            onInput={(event) => setInstructorKey(event.currentTarget.value)}
          />
        </label>
        <button type="submit" disabled={!ready}>
          Pedir token
        </button>
      </form>
      <p class="tr-note">
        <code>POST /auth/token {'{ "name": … }'}</code>. Con la clave de docente (
        <code>INSTRUCTOR_KEY</code>, o la que el servidor imprime al arrancar), el token lleva el
        rol <code>instructor</code>.
      </p>
      {state.token && <TokenView token={state.token} />}

      <h4 class="tr-subheading">2. Conecta al espacio de nombres /chat</h4>
      <ul class="sio-steps">
        <Step
          label="Con el token"
          disabled={!ready || !hasToken}
          onClick={() => void store.connectWithToken()}
          code="io(url + '/chat', { auth: { token } })"
        />
        <Step
          label="Sin token"
          disabled={!ready}
          onClick={() => void store.connectWithoutToken()}
          code="io(url + '/chat')"
        />
        <Step
          label="Con el token manipulado"
          disabled={!ready || !hasToken}
          onClick={() => void store.connectTampered()}
          code="role: student → instructor en el payload; la misma firma"
        />
        <Step
          label="Con un token caducado"
          disabled={!ready || !hasName}
          onClick={() => void store.connectExpired(name)}
          code={`expiresIn: 1; espera ${EXPIRY_WAIT_MS / 1000} s; conecta`}
        />
      </ul>

      <h4 class="tr-subheading">3. Autorización por sala</h4>
      <ul class="sio-steps">
        <Step
          label={`Unirse a «${INSTRUCTORS_ROOM}»`}
          disabled={!ready || !hasToken}
          onClick={() => void store.joinRoom(INSTRUCTORS_ROOM)}
          code={`socket.emit('chat:join', { room: '${INSTRUCTORS_ROOM}' }, ack)`}
        />
      </ul>
      {!hasToken && (
        <p class="tr-note">Los pasos que usan tu token se activan cuando tengas uno.</p>
      )}

      <h4 class="tr-subheading">4. Conexión que caduca</h4>
      <ul class="sio-steps">
        <Step
          label={`Conectar con un token de ${EXPIRING_TTL_S} s y esperar`}
          disabled={!ready || !hasName}
          onClick={() => void store.watchExpiry(name, false)}
          code={`expiresIn: ${EXPIRING_TTL_S}; en exp el servidor emite auth:expired y desconecta`}
        />
        <Step
          label="Igual, pero renovando en la conexión"
          disabled={!ready || !hasName}
          onClick={() => void store.watchExpiry(name, true)}
          code={`a los ${RENEW_AFTER_MS / 1000} s: POST /auth/refresh; socket.emit('auth:renew', { token }, ack)`}
        />
      </ul>
      <p class="tr-note">
        Cada uno pide su propio token de {EXPIRING_TTL_S} s para el nombre de arriba y deja la
        conexión abierta: mira en la lista qué pasa cuando llega su <code>exp</code>.
      </p>

      <div class="sio-attempts-head">
        <h4 class="tr-subheading">Intentos</h4>
        <button
          type="button"
          disabled={state.attempts.length === 0}
          onClick={() => store.clearAttempts()}
        >
          Vaciar la lista
        </button>
      </div>
      <AttemptList attempts={state.attempts} />
    </Frame>
  );
}

function Step(props: { label: string; disabled: boolean; onClick: () => void; code: string }) {
  return (
    <li>
      <button type="button" disabled={props.disabled} onClick={props.onClick}>
        {props.label}
      </button>
      <code class="sio-steps__code">{props.code}</code>
    </li>
  );
}
