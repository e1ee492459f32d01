import type { ChatState } from './chat-state';
import { emitAudiences, knownSocketRooms } from './emit-audience';

/** "¿Quién recibe este emit?": this socket's rooms and the audience of each kind of emit. */
export function EmitPanel({ state }: { state: ChatState }) {
  const rooms = knownSocketRooms(state);
  return (
    <aside class="chat-emits" aria-labelledby="chat-emits-title">
      <h4 id="chat-emits-title" class="tr-subheading">
        ¿Quién recibe este emit?
      </h4>
      <p class="tr-note">
        <code>socket.rooms</code> en el servidor (las salas solo existen allí; esto es lo que el
        widget sabe):
      </p>
      <ul class="chat-socket-rooms" data-socket-rooms>
        {rooms.length === 0 ? (
          <li>—</li>
        ) : (
          rooms.map((r) => (
            <li key={r}>
              <code>{r}</code>
            </li>
          ))
        )}
      </ul>
      <p class="tr-note">
        Si el servidor hiciera, en el manejador de un evento de este socket (con{' '}
        <code>nsp = io.of('/chat')</code>):
      </p>
      <dl class="chat-audiences">
        {emitAudiences(state).map((a) => (
          <div key={a.code} data-reaches-me={String(a.reachesMe)}>
            <dt>
              <code>{a.code}</code>
            </dt>
            <dd>{a.who}</dd>
          </div>
        ))}
      </dl>
      <p class="tr-note">
        «Tú» es este socket: tus otras pestañas son otros sockets y cuentan entre «los demás». El
        servidor de demostración llama <code>chat:&lt;sala&gt;</code> a la sala de Socket.IO de cada
        sala del chat. Fuente: la{' '}
        <a href="https://socket.io/docs/v4/emit-cheatsheet/">chuleta de emit</a> y{' '}
        <a href="https://socket.io/docs/v4/rooms/">Rooms</a>.
      </p>
    </aside>
  );
}
