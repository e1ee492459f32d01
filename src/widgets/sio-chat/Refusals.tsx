import type { Refusal } from './chat-state';

/** Every refusal, newest first, with its code and the server's reason. */
export function Refusals({ refusals }: { refusals: Refusal[] }) {
  return (
    <div class="chat-refusals" aria-live="assertive">
      {refusals.length > 0 && (
        <>
          <h4 class="tr-subheading">Rechazos</h4>
          <ul>
            {refusals.map((r) => (
              <li key={r.id} data-refusal-code={r.code}>
                <code>{r.action}</code> <span class="tr-tag">{r.code}</span> {r.text}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
