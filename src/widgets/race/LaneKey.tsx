import type { TransportId } from '../../protocol';
import { LANE_DASHES, laneColorVar } from './lane-notes';

/** A lane's colour and line pattern, as the chart draws it (decorative: the name is beside it). */
export function LaneKey({ transport }: { transport: TransportId }) {
  return (
    <svg class="race-key" viewBox="0 0 28 8" aria-hidden="true">
      <line
        x1={0}
        x2={28}
        y1={4}
        y2={4}
        stroke={`var(${laneColorVar(transport)})`}
        stroke-width={3}
        stroke-dasharray={LANE_DASHES[transport].join(' ') || undefined}
      />
    </svg>
  );
}
