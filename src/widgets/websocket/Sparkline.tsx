import { formatBytes } from '../shared/format';

const WIDTH = 240;
const HEIGHT = 40;

/** A tiny line of `bufferedAmount` samples, one per animation frame, scaled to their peak. */
export function Sparkline({ samples, label }: { samples: readonly number[]; label: string }) {
  const peak = Math.max(1, ...samples);
  const step = samples.length > 1 ? WIDTH / (samples.length - 1) : WIDTH;
  const points = samples
    .map(
      (bytes, i) =>
        `${(i * step).toFixed(1)},${(HEIGHT - 2 - (bytes / peak) * (HEIGHT - 4)).toFixed(1)}`,
    )
    .join(' ');
  return (
    <svg
      class="tr-sparkline"
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      preserveAspectRatio="none"
      role="img"
      aria-label={`${label}: ${samples.length} muestras, pico ${formatBytes(Math.max(0, ...samples))}`}
    >
      <line class="tr-sparkline__base" x1={0} x2={WIDTH} y1={HEIGHT - 2} y2={HEIGHT - 2} />
      {samples.length === 1 ? (
        <circle
          class="tr-sparkline__dot"
          cx={2}
          cy={HEIGHT - 2 - (samples[0]! / peak) * (HEIGHT - 4)}
          r={2}
        />
      ) : (
        <polyline class="tr-sparkline__line" points={points} />
      )}
    </svg>
  );
}
