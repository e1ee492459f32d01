import type { ComponentChildren } from 'preact';
import { useLiveStore } from '../shared/use-live-store';
import { useStore } from '../shared/use-store';
import { WidgetFrame } from '../shared/WidgetFrame';
import { activeRoom, type ChatState } from './chat-state';
import { Composer } from './Composer';
import { EmitPanel } from './EmitPanel';
import { IdentityBar } from './IdentityBar';
import { MessageLog } from './MessageLog';
import { NameForm } from './NameForm';
import { NotificationsPanel } from './NotificationsPanel';
import { Refusals } from './Refusals';
import { RoomList } from './RoomList';
import { createBrowserSioChatStore, type SioChatStore } from './sio-chat-store';
import '../shared/facts.css';
import './sio-chat.css';

/** Lesson 8: a real chat with rooms over `/chat`, and notifications to every tab. */
export default function SioChatWidget() {
  const { store, serverUrl } = useLiveStore(createBrowserSioChatStore);
  if (!store) return <Frame state={null} serverUrl={serverUrl} />;
  return <Live store={store} serverUrl={serverUrl} />;
}

function Live({ store, serverUrl }: { store: SioChatStore; serverUrl: string }) {
  const state = useStore(store);
  const connected = state.connection === 'connected';
  const room = activeRoom(state);
  if (!state.user) {
    return (
      <Frame state={state} serverUrl={serverUrl}>
        <NameForm onSubmit={store.signIn} disabled={state.connection === 'offline'} />
        <Refusals refusals={state.refusals} />
      </Frame>
    );
  }
  return (
    <Frame state={state} serverUrl={serverUrl}>
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
    </Frame>
  );
}

function Frame(props: {
  state: ChatState | null;
  serverUrl: string;
  children?: ComponentChildren;
}) {
  return (
    <WidgetFrame
      widget="sio-chat"
      title="Chat con salas (Socket.IO)"
      state={props.state?.connection ?? 'connecting'}
      detail={props.state?.detail}
      serverUrl={props.serverUrl}
    >
      {props.children}
    </WidgetFrame>
  );
}
