import { WS_GUID } from './accept-key';
import type { AcceptCheck } from './handshake-store';

/** The browser's own computation of Sec-WebSocket-Accept, step by step, and the verdict. */
export function AcceptCheckView({
  check,
  previousKey,
}: {
  check: AcceptCheck;
  previousKey?: string;
}) {
  return (
    <section class="wsh-accept" aria-label="Comprobación de Sec-WebSocket-Accept">
      <h4 class="wsh-accept__title">
        Tu navegador recalcula <code>Sec-WebSocket-Accept</code>
      </h4>
      <div aria-live="polite">
        <Body check={check} previousKey={previousKey} />
      </div>
    </section>
  );
}

function Body({ check, previousKey }: { check: AcceptCheck; previousKey?: string }) {
  switch (check.status) {
    case 'waiting':
      return <p class="tr-empty">Esperando el handshake…</p>;
    case 'computing':
      return <p class="tr-empty">Calculando con Web Crypto…</p>;
    case 'no-key':
      return (
        <p>
          La petición no traía <code>Sec-WebSocket-Key</code>: no hay nada que calcular.
        </p>
      );
    case 'failed':
      return <p>No se pudo calcular el SHA-1 en este navegador: {check.message}</p>;
    case 'unsupported':
      return (
        <div class="tr-notice tr-notice--offline" data-accept-unsupported="true">
          <p>
            <strong>Aquí no se puede recalcular.</strong> El navegador solo ofrece Web Crypto (
            <code>crypto.subtle</code>) en contextos seguros: páginas servidas por{' '}
            <code>https://</code> o abiertas desde <code>localhost</code> o <code>127.0.0.1</code>.
            Esta página llegó por <code>http://</code> desde otra dirección (por ejemplo, la IP del
            aula). El handshake funciona igual; comprueba el valor con el script de Node de más
            arriba, o abre el curso en <code>http://localhost</code>.
          </p>
        </div>
      );
  }
  const { steps, server, match } = check;
  return (
    <>
      <ol class="wsh-steps">
        <li>
          <span class="wsh-steps__label">1. La clave que envió tu navegador</span>
          <code>{steps.key}</code>
          {previousKey && (
            <span class="wsh-steps__aside">
              En la conexión anterior era <code>{previousKey}</code>
            </span>
          )}
        </li>
        <li>
          <span class="wsh-steps__label">2. Clave + GUID fijo de la RFC</span>
          <code>
            {steps.key}
            <mark class="wsh-guid">{WS_GUID}</mark>
          </code>
        </li>
        <li>
          <span class="wsh-steps__label">3. SHA-1 de esa cadena (20 bytes, en hex)</span>
          <code>{steps.sha1Hex}</code>
        </li>
        <li>
          <span class="wsh-steps__label">4. Esos 20 bytes en base64</span>
          <code data-accept-computed={steps.accept}>{steps.accept}</code>
        </li>
      </ol>
      <div class="wsh-verdict" data-accept-match={String(match)}>
        <span class="wsh-steps__label">Lo que envió el servidor</span>
        <code data-accept-server={server ?? ''}>{server ?? '(sin Sec-WebSocket-Accept)'}</code>
        <p class="wsh-verdict__result">
          {match ? 'coincide ✓' : 'no coincide ✗'}
          <span class="wsh-verdict__why">
            {match
              ? ' El servidor demostró que entendió tu handshake; el navegador hizo esta misma comprobación antes de abrir el WebSocket.'
              : ' Un navegador daría la conexión por fallida.'}
          </span>
        </p>
      </div>
    </>
  );
}
