import { formatBytes } from '../shared/format';
import { Fact, Facts } from '../shared/Facts';
import type { BurstResult } from './burst';
import { Sparkline } from './Sparkline';

/** The burst button and what it showed: bufferedAmount per frame, confirmed and refused publishes. */
export function BackpressurePanel(props: {
  burst: BurstResult | undefined;
  disabled: boolean;
  onBurst: () => void;
}) {
  const { burst } = props;
  return (
    <div class="tr-ws-burst" data-burst={burst ? (burst.running ? 'running' : 'done') : 'none'}>
      <div class="tr-controls">
        <button type="button" disabled={props.disabled || burst?.running} onClick={props.onBurst}>
          Enviar 200 mensajes de golpe
        </button>
      </div>
      <p class="tr-ws-explain">
        <code>bufferedAmount</code> son los bytes que el navegador tiene en cola, ya aceptados por{' '}
        <code>send()</code> pero aún no entregados a la red.
      </p>
      {burst && (
        <>
          <Sparkline samples={burst.samples} label="bufferedAmount por fotograma" />
          <Facts>
            <Fact label="Pico de bufferedAmount" attrs={{ 'data-peak-bytes': burst.peakBytes }}>
              {formatBytes(burst.peakBytes)}
            </Fact>
            <Fact label="Fotogramas medidos">{burst.samples.length}</Fact>
            <Fact label="Confirmados" attrs={{ 'data-acked': burst.acked }}>
              {burst.acked} de {burst.total}
            </Fact>
            <Fact label="Rechazados" attrs={{ 'data-rejected': burst.rejected }}>
              {burst.rejected}
            </Fact>
          </Facts>
          {burst.firstError && (
            <p class="tr-ws-explain">
              El servidor rechazó parte de la ráfaga: «{burst.firstError}». Admite 50 publicaciones
              por segundo por conexión, con ráfagas de hasta 100.
            </p>
          )}
        </>
      )}
    </div>
  );
}
