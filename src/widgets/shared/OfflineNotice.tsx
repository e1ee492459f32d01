import type { ConnectionState } from '../../transports';

/** What the student reads when the demo server is down or refused: plainly, with the fix. */
export function OfflineNotice({
  state,
  detail,
  serverUrl,
}: {
  state: ConnectionState;
  detail?: string;
  serverUrl: string;
}) {
  if (state === 'offline') {
    return (
      <div class="tr-notice tr-notice--offline">
        <p>
          <strong>No se puede contactar con el servidor de demostración</strong> en{' '}
          <code>{serverUrl}</code>. Arráncalo en la carpeta del curso con <code>npm start</code> (o
          cambia la dirección en «Servidor»). El widget vuelve a intentarlo solo.
        </p>
        {detail && <p class="tr-notice__detail">{detail}</p>}
      </div>
    );
  }
  if (state === 'error') {
    return (
      <div class="tr-notice tr-notice--error">
        <p>
          <strong>El servidor rechazó la conexión.</strong> {detail ?? ''}
        </p>
      </div>
    );
  }
  return null;
}
