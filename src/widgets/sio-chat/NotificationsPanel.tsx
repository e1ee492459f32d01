import { useState } from 'preact/hooks';
import type { ChatState } from './chat-state';

/** `/notifications`: to every tab of mine (`notify:user`), or to everyone (instructors only). */
export function NotificationsPanel(props: {
  state: ChatState;
  onMine: (text: string) => void;
  onEveryone: (text: string) => void;
}) {
  const { state } = props;
  const [text, setText] = useState('¡Hola desde otra pestaña!');
  const disabled = !state.notificationsConnected || text.trim() === '';
  return (
    <div class="chat-notifications">
      <h4 class="tr-subheading">Avisos: el espacio de nombres /notifications</h4>
      <p class="tr-note">
        Al conectar, el servidor mete cada socket de <code>/notifications</code> en la sala{' '}
        <code>user:&lt;tu id&gt;</code>: un aviso a esa sala llega a todas tus pestañas. Ábrelas con
        «Abrir otra pestaña como…» para que compartan identidad.
      </p>
      <form class="tr-controls" onSubmit={(e) => e.preventDefault()}>
        <label>
          Aviso
          <input type="text" value={text} onInput={(e) => setText(e.currentTarget.value)} />
        </label>
        <button type="button" disabled={disabled} onClick={() => props.onMine(text)}>
          Enviar a todas mis pestañas
        </button>
        <button type="button" disabled={disabled} onClick={() => props.onEveryone(text)}>
          Avisar a todos (solo docentes)
        </button>
      </form>
      {state.delivery && (
        <p class="tr-note" data-delivery>
          {state.delivery}
        </p>
      )}
      <ul class="chat-notification-list" aria-live="polite" aria-label="Avisos recibidos">
        {[...state.notifications].reverse().map((n) => (
          <li key={n.id} data-notification-id={n.id}>
            <span class="tr-tag">{n.scope === 'all' ? 'a todos' : 'a ti'}</span> {n.from.name}:{' '}
            <span class="chat-text">{n.text}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
