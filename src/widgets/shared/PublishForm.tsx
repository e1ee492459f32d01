import { useState } from 'preact/hooks';

/** A text box and a button that publish a message; shows the server's refusal if any. */
export function PublishForm({
  onPublish,
  label = 'Mensaje',
  disabled = false,
}: {
  onPublish: (text: string) => Promise<unknown>;
  label?: string;
  disabled?: boolean;
}) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      class="tr-publish"
      onSubmit={async (event) => {
        event.preventDefault();
        if (!text.trim()) return;
        setBusy(true);
        setError(null);
        try {
          await onPublish(text);
          setText('');
        } catch (reason) {
          setError(reason instanceof Error ? reason.message : String(reason));
        } finally {
          setBusy(false);
        }
      }}
    >
      <label>
        <span class="tr-visually-hidden">{label}</span>
        <input
          type="text"
          value={text}
          maxLength={2000}
          placeholder="Escribe un mensaje…"
          onInput={(event) => setText(event.currentTarget.value)}
        />
      </label>
      <button type="submit" disabled={disabled || busy}>
        Publicar
      </button>
      {error && (
        <p class="tr-publish__error" role="alert">
          No se pudo publicar: {error}
        </p>
      )}
    </form>
  );
}
