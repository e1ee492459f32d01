import type { LaneSnapshot } from '../../race';
import type { ConnectionState } from '../../transports';
import { Histogram } from './Histogram';
import { LANE_COSTS } from './lane-notes';
import { LaneKey } from './LaneKey';
import { formatCost, formatLatency, latencyAttribute, type LaneRow } from './race-view';

const LANE_STATES: Record<ConnectionState, string> = {
  idle: 'cerrado',
  connecting: 'conectando…',
  connected: 'conectado',
  offline: 'sin conexión',
  error: 'rechazado',
};

/** One lane of the race: its counts, percentiles, histogram and what it pays on the wire. */
export function LaneCard(props: {
  row: LaneRow;
  lane: LaneSnapshot;
  finished: boolean;
  style?: Record<string, string>;
}) {
  const { row, lane, finished } = props;
  const missing = row.sent - row.received;
  return (
    <li
      class="race-lane"
      style={props.style}
      data-lane={row.transport}
      data-p50-ms={latencyAttribute(row.p50)}
      data-received={row.received}
      data-sent={row.sent}
    >
      <div class="race-lane__head">
        <h4 class="race-lane__name">
          <LaneKey transport={row.transport} />
          {row.label}
        </h4>
        <span class="race-lane__state">{LANE_STATES[lane.state]}</span>
        <p class="race-lane__count">
          <strong>
            {row.received}/{row.sent}
          </strong>{' '}
          recibidos
          {finished &&
            row.sent > 0 &&
            (missing === 0 ? (
              <span class="race-lane__ok"> · nada perdido</span>
            ) : (
              <span class="race-lane__lost"> · faltan {missing}</span>
            ))}
          {lane.duplicates > 0 && (
            <span class="race-lane__lost"> · {lane.duplicates} repetidos</span>
          )}
          {lane.outOfOrder > 0 && (
            <span class="race-lane__lost"> · {lane.outOfOrder} fuera de orden</span>
          )}
        </p>
      </div>
      <div class="race-lane__body">
        <dl class="race-lane__numbers">
          <div>
            <dt>p50</dt>
            <dd>{formatLatency(row.p50)} ms</dd>
          </div>
          <div>
            <dt>p90</dt>
            <dd>{formatLatency(row.p90)} ms</dd>
          </div>
          <div>
            <dt>p99</dt>
            <dd>{formatLatency(row.p99)} ms</dd>
          </div>
          <div>
            <dt>Peticiones por mensaje</dt>
            <dd>{formatCost(row.requestsPerMessage, 2)}</dd>
          </div>
          <div>
            <dt>Bytes por mensaje</dt>
            <dd>{formatCost(row.bytesPerMessage)}</dd>
          </div>
        </dl>
        <Histogram latencies={lane.latencies} label={`Latencias de ${row.label}`} />
      </div>
      <p class="race-lane__cost">
        <strong>Paga:</strong> {LANE_COSTS[row.transport]}
      </p>
    </li>
  );
}
