import { diffText, type JwtParts } from './jwt-parts';

/** Which part a tampered token changed, to mark it. */
export type JwtPart = keyof JwtParts;

const PART_LABELS: Record<JwtPart, string> = {
  header: 'cabecera',
  payload: 'payload',
  signature: 'firma',
};

/**
 * A JWT as `header.payload.signature`, each part in its colour. With `original`, the characters of
 * the `changed` part that differ from it are marked (a `<mark>`, not only a colour).
 */
export function JwtTokenText(props: { parts: JwtParts; changed?: JwtPart; original?: JwtParts }) {
  const part = (name: JwtPart) => {
    const text = props.parts[name];
    const diff =
      props.changed === name && props.original ? diffText(props.original[name], text) : null;
    return (
      <span class={`sio-jwt__${name}`} data-jwt-part={name} title={PART_LABELS[name]}>
        {diff ? (
          <>
            {diff.prefix}
            <mark class="sio-jwt__changed" data-changed>
              {diff.changed}
            </mark>
            {diff.suffix}
          </>
        ) : (
          text
        )}
      </span>
    );
  };
  return (
    <code class="sio-jwt">
      {part('header')}
      <span class="sio-jwt__dot">.</span>
      {part('payload')}
      <span class="sio-jwt__dot">.</span>
      {part('signature')}
    </code>
  );
}

/** The colour key of the three parts. */
export function JwtLegend() {
  return (
    <p class="sio-jwt-legend">
      <span class="sio-jwt__header">cabecera</span> · <span class="sio-jwt__payload">payload</span>{' '}
      · <span class="sio-jwt__signature">firma</span>, separadas por puntos, cada una en base64url.
    </p>
  );
}
