import { useEffect, useRef, useState } from 'preact/hooks';
import type uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { TRANSPORT_LABELS } from '../../protocol';
import type { RaceSnapshot } from '../../race';
import { LANE_DASHES, laneColorVar } from './lane-notes';
import { LaneKey } from './LaneKey';
import { chartData } from './race-view';

const HEIGHT = 240;

/**
 * The latency of every event, one line per lane (uPlot on a canvas, loaded only when the chart
 * is shown). The legend and the results table say the same in text.
 */
export function LatencyChart({ snapshot }: { snapshot: RaceSnapshot }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const latest = useRef(snapshot);
  latest.current = snapshot;
  const [log, setLog] = useState(true);
  const [theme, setTheme] = useState(0);
  const [failed, setFailed] = useState(false);

  // Starlight switches themes with data-theme on <html>: the canvas must be redrawn in new colours.
  useEffect(() => {
    const observer = new MutationObserver(() => setTheme((t) => t + 1));
    observer.observe(document.documentElement, { attributeFilter: ['data-theme'] });
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    let cancelled = false;
    let instance: uPlot | undefined;
    let resize: ResizeObserver | undefined;
    import('uplot')
      .then(({ default: UPlot }) => {
        const element = box.current;
        if (cancelled || !element) return;
        instance = new UPlot(
          options(element, latest.current, log),
          data(latest.current, log),
          element,
        );
        chart.current = instance;
        resize = new ResizeObserver(() =>
          instance?.setSize({ width: element.clientWidth, height: HEIGHT }),
        );
        resize.observe(element);
      })
      .catch(() => setFailed(true));
    return () => {
      cancelled = true;
      resize?.disconnect();
      instance?.destroy();
      chart.current = null;
    };
  }, [log, theme]);

  useEffect(() => {
    chart.current?.setData(data(snapshot, log));
  }, [snapshot, log]);

  return (
    <figure class="race-chart">
      <figcaption>
        <strong>Latencia de cada evento</strong> (ms, de la publicación en el servidor a la llegada
        a tu navegador), por carril.
      </figcaption>
      <div class="race-chart__tools">
        <ul class="race-legend" aria-label="Leyenda">
          {snapshot.lanes.map((lane) => (
            <li key={lane.transport}>
              <LaneKey transport={lane.transport} />
              {TRANSPORT_LABELS[lane.transport]}
            </li>
          ))}
        </ul>
        <label class="race-chart__log">
          <input
            type="checkbox"
            checked={log}
            onChange={(event) => setLog(event.currentTarget.checked)}
          />
          Escala logarítmica (sin los valores ≤ 0 ms)
        </label>
      </div>
      {failed ? (
        <p class="tr-empty">No se pudo cargar la gráfica; la tabla de abajo tiene los números.</p>
      ) : (
        <div class="race-chart__canvas" ref={box} aria-hidden="true" />
      )}
    </figure>
  );
}

function data(snapshot: RaceSnapshot, log: boolean): uPlot.AlignedData {
  const [xs, ...ys] = chartData(snapshot);
  if (!log) return [xs, ...ys];
  // A log scale has no room for 0 or less (possible within the clock's uncertainty): left out.
  return [xs, ...ys.map((y) => y.map((v) => (v === null || v <= 0 ? null : v)))];
}

function options(element: HTMLElement, snapshot: RaceSnapshot, log: boolean): uPlot.Options {
  const style = getComputedStyle(element);
  const css = (name: string) => style.getPropertyValue(name).trim();
  const axis: uPlot.Axis = {
    stroke: css('--sl-color-gray-2'),
    grid: { stroke: css('--sl-color-gray-5'), width: 1 },
    ticks: { stroke: css('--sl-color-gray-5'), width: 1 },
    font: '12px system-ui, sans-serif',
    labelFont: '12px system-ui, sans-serif',
  };
  return {
    width: element.clientWidth,
    height: HEIGHT,
    legend: { show: false },
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: false }, y: log ? { distr: 3 } : {} },
    axes: [
      { ...axis, label: 'Evento (seq)' },
      { ...axis, label: 'Latencia (ms)', size: 56 },
    ],
    series: [
      { label: 'seq' },
      ...snapshot.lanes.map((lane) => ({
        label: TRANSPORT_LABELS[lane.transport],
        stroke: css(laneColorVar(lane.transport)),
        dash: LANE_DASHES[lane.transport],
        width: 2,
        points: { show: false },
      })),
    ],
  };
}
