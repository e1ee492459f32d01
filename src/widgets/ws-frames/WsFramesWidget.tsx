import { useLiveStore } from '../shared/use-live-store';
import { useStore } from '../shared/use-store';
import { frameFor } from '../shared/WidgetFrame';
import { lengthEncodingLabel, opcodeName } from './frame-bytes';
import { FrameEntry } from './FrameEntry';
import { createFramesStore, type FramesStore } from './frames-store';
import { SendBox } from './SendBox';
import './ws-frames.css';

const Frame = frameFor('ws-frames', 'Las tramas que envías, byte a byte');

/** Lesson 5: the bytes of every frame this page sends, as the server read them off the socket. */
export default function WsFramesWidget() {
  const { store, serverUrl } = useLiveStore((url) => createFramesStore(url));
  if (!store) return <Frame state={null} serverUrl={serverUrl} />;
  return <Live store={store} serverUrl={serverUrl} />;
}

function Live({ store, serverUrl }: { store: FramesStore; serverUrl: string }) {
  const state = useStore(store);
  const latest = state.frames.findLast((f) => f.mine);
  return (
    <Frame state={state} serverUrl={serverUrl}>
      <SendBox
        onSend={(text) => store.send(text)}
        disabled={state.connection !== 'connected'}
        error={state.sendError}
      />
      <p class="tr-visually-hidden" aria-live="polite">
        {latest &&
          `El servidor recibió tu trama ${latest.seq}: ${opcodeName(latest.report.opcode)}, ` +
            `${latest.report.payloadLength} bytes, longitud de ${lengthEncodingLabel(latest.report.lengthEncoding)}.`}
      </p>
      {state.frames.length === 0 ? (
        <p class="tr-empty">Aún no hay tramas: envía una.</p>
      ) : (
        <ol
          class="wsf-frames"
          reversed
          aria-label="Tramas que recibió el servidor, la última primero"
        >
          {[...state.frames].reverse().map((frame) => (
            <FrameEntry key={frame.seq} frame={frame} />
          ))}
        </ol>
      )}
    </Frame>
  );
}
