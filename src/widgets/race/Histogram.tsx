import { histogram } from '../../race';
import { formatLatency } from './race-view';

const WIDTH = 200;
const HEIGHT = 44;
const BINS = 20;

/**
 * A small histogram of one lane's latencies over the lane's own range (labelled below it): the
 * shape is the lesson (a spike for a stream, a flat block for short polling).
 */
export function Histogram({ latencies, label }: { latencies: readonly number[]; label: string }) {
  if (latencies.length === 0) {
    return <p class="race-histogram__empty">Aún sin eventos.</p>;
  }
  let min = Infinity;
  let max = -Infinity;
  for (const value of latencies) {
    if (value < min) min = value;
    if (value > max) max = value;
  }
  const low = Math.min(0, min);
  const { counts } = histogram(latencies, { bins: BINS, min: low, max });
  const peak = Math.max(...counts);
  const barWidth = WIDTH / BINS;
  const lowText = low === 0 ? '0' : formatLatency(low);
  const range = `${lowText}–${formatLatency(max)} ms`;
  return (
    <figure class="race-histogram">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        preserveAspectRatio="none"
        role="img"
        aria-label={`${label}: ${latencies.length} eventos entre ${range}, en ${BINS} intervalos iguales`}
      >
        <line class="race-histogram__base" x1={0} x2={WIDTH} y1={HEIGHT - 0.5} y2={HEIGHT - 0.5} />
        {counts.map((count, i) => {
          const height = count === 0 ? 0 : Math.max(1.5, (count / peak) * (HEIGHT - 2));
          return (
            <rect
              key={i}
              x={i * barWidth + 0.5}
              y={HEIGHT - height}
              width={barWidth - 1}
              height={height}
            />
          );
        })}
      </svg>
      <figcaption>
        <span>{lowText} ms</span>
        <span>{formatLatency(max)} ms</span>
      </figcaption>
    </figure>
  );
}
