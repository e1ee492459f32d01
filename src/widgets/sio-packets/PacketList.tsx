import { Fragment } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { formatClock } from '../shared/format';
import type { PacketRecord } from './packet-tap';
import { layerOf, packetLabel, shownWire } from './packet-labels';

/**
 * Every packet in order, oldest first, as a protocol trace: direction, transport, what it is and
 * its text as it travels. A divider opens each Engine.IO session. Follows the newest packet
 * unless the student has scrolled up to read.
 */
export function PacketList({ packets }: { packets: PacketRecord[] }) {
  const box = useRef<HTMLDivElement>(null);
  // The list's height before the newest packets: was the student at the bottom then?
  const lastHeight = useRef(0);
  useEffect(() => {
    const el = box.current;
    if (!el) {
      lastHeight.current = 0;
      return;
    }
    if (lastHeight.current - el.scrollTop - el.clientHeight < 40) el.scrollTop = el.scrollHeight;
    lastHeight.current = el.scrollHeight;
  }, [packets]);

  if (packets.length === 0) return <p class="tr-empty">Aún no ha pasado ningún paquete.</p>;
  return (
    <div
      class="sio-trace"
      ref={box}
      tabIndex={0}
      role="region"
      aria-label="Paquetes enviados y recibidos, el más antiguo primero"
    >
      <ol class="sio-packets">
        {packets.map((packet, i) => (
          <Fragment key={packet.seq}>
            {packets[i - 1]?.session !== packet.session && (
              <li class="sio-session" aria-hidden="true">
                Sesión Engine.IO {packet.session}
              </li>
            )}
            <PacketRow packet={packet} />
          </Fragment>
        ))}
      </ol>
    </div>
  );
}

function PacketRow({ packet }: { packet: PacketRecord }) {
  const sent = packet.direction === 'sent';
  const { text, hidden } = shownWire(packet.wire);
  return (
    <li
      class={`sio-packet sio-packet--${packet.direction}`}
      data-packet-type={packet.type}
      data-direction={packet.direction}
      data-transport={packet.transport}
      data-session={packet.session}
      data-seq={packet.seq}
      data-inferred={packet.inferred ? 'true' : undefined}
    >
      <time class="sio-packet__time">{formatClock(packet.at)}</time>
      <span class="sio-packet__dir">{sent ? '→ enviado' : '← recibido'}</span>
      <span class={`sio-transport sio-transport--${packet.transport}`}>{packet.transport}</span>
      <span class="sio-packet__kind">
        <span class="sio-packet__layer">{layerOf(packet.type)}</span> {packetLabel(packet)}
        {packet.inferred && (
          <span class="sio-packet__inferred" title="Deducido de los eventos de engine.io-client">
            {' '}
            *
          </span>
        )}
      </span>
      <span class="sio-packet__wire">
        <code data-packet-wire>{text}</code>
        {hidden > 0 && <span class="sio-packet__cut">… ({hidden} caracteres más)</span>}
      </span>
    </li>
  );
}
