import { useLiveStore } from '../shared/use-live-store';
import { useOptionalStore } from '../shared/use-store';
import { frameFor } from '../shared/WidgetFrame';
import { activeRoom, type ChatState } from './chat-state';
import { Composer } from './Composer';
import { EmitPanel } from './EmitPanel';
import { IdentityBar } from './IdentityBar';
import { MessageLog } from './MessageLog';
import { NameForm } from './NameForm';
import { NotificationsPanel } from './NotificationsPanel';
import { Refusals } from './Refusals';
import { RoomList } from './RoomList';
import { SessionEnded } from './SessionEnded';
import { createBrowserSioChatStore, type SioChatStore } from './sio-chat-store';
import '../shared/facts.css';
import './sio-chat.css';

const Frame = frameFor('sio-chat', 'Chat con salas (Socket.IO)');

/** Lesson 8: a real chat with rooms over `/chat`, and notifications to every tab. */
export default function SioChatWidget() {
  const { store, serverUrl } = useLiveStore(createBrowserSioChatStore);
  const state = useOptionalStore(store);
  // One Frame for the widget's whole life: the root element is not replaced on hydration.
  return (
    <Frame state={state} serverUrl={serverUrl}>
      {store && state && <Body store={store} state={state} />}
    </Frame>
  );
}

function Body({ store, state }: { store: SioChatStore; state: ChatState }) {
  const connected = state.connection === 'connected';
  const room = activeRoom(state);
  if (!state.user) {
    return (
      <>
        {state.ended && (
          <SessionEnded ended={state.ended} onSignInAgain={(name) => store.signIn(name)} />
        )}
        <NameForm
          onSubmit={store.signIn}
          disabled={state.connection === 'offline'}
          keyError={state.keyError}
        />
        <Refusals refusals={state.refusals} />
      </>
    );
  }
  return (
    <>
      <IdentityBar state={state} onSignOut={store.signOut} />
      <div class="chat-layout">
        <div class="chat-main">
          <RoomList
            state={state}
            disabled={!connected}
            onJoin={(r) => void store.join(r)}
            onLeave={(r) => void store.leave(r)}
            onActivate={store.activate}
          />
          <MessageLog room={room} me={state.user} />
          {room && (
            <Composer
              room={room.name}
              disabled={!connected}
              onSend={store.send}
              onTyped={store.typed}
              onBurst={() => void store.burst()}
            />
          )}
          <Refusals refusals={state.refusals} />
        </div>
        <EmitPanel state={state} />
      </div>
      <NotificationsPanel
        state={state}
        onMine={(t) => void store.notifyMyTabs(t)}
        onEveryone={(t) => void store.notifyEveryone(t)}
      />
    </>
  );
}
