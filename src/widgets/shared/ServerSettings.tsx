import { useEffect, useState } from 'preact/hooks';
import { hasServerOverride, saveServerUrl } from './server-url';

/** A small disclosure to point the widgets at another demo server (remembered in this browser). */
export function ServerSettings({ serverUrl }: { serverUrl: string }) {
  const [draft, setDraft] = useState(serverUrl);
  // Read in an effect: the island is also rendered at build time, where there is no location.
  const [overridden, setOverridden] = useState(false);
  useEffect(() => {
    setDraft(serverUrl);
    setOverridden(hasServerOverride());
  }, [serverUrl]);
  return (
    <details class="tr-settings">
      <summary>
        Servidor: <code>{serverUrl}</code>
      </summary>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          saveServerUrl(draft.trim() || null);
        }}
      >
        <label>
          Dirección del servidor de demostración
          <input
            type="url"
            value={draft}
            placeholder="http://localhost:3001"
            onInput={(event) => setDraft(event.currentTarget.value)}
          />
        </label>
        <button type="submit">Usar este servidor</button>
        {overridden && (
          <button type="button" onClick={() => saveServerUrl(null)}>
            Volver al predeterminado
          </button>
        )}
      </form>
    </details>
  );
}
