import type { IssuedToken } from './sio-auth-state';
import { formatCountdown } from '../shared/format';
import { decodeJwt } from './jwt-parts';
import { JwtLegend, JwtTokenText } from './JwtParts';
import { useMsLeft } from './use-ms-left';
import { Fact, Facts } from '../shared/Facts';

/** The current token: its three parts, the decoded header and payload, and its expiry. */
export function TokenView({ token }: { token: IssuedToken }) {
  const decoded = decodeJwt(token.token);
  return (
    <div class="sio-token" data-token-role={token.user.role}>
      <h4 class="tr-subheading">Tu token</h4>
      {decoded ? (
        <>
          <JwtTokenText parts={decoded.parts} />
          <JwtLegend />
          <div class="sio-token__decoded">
            <Decoded part="header" caption="Cabecera (decodificada)" value={decoded.header} />
            <Decoded part="payload" caption="Payload (decodificado)" value={decoded.payload} />
          </div>
          <p class="tr-note">
            Para leer el payload basta con decodificar base64url: no hace falta ninguna clave. El
            token está <strong>firmado, no cifrado</strong>; no pongas en él nada secreto.
          </p>
        </>
      ) : (
        <p class="tr-notice tr-notice--error">El servidor envió algo que no es un JWT.</p>
      )}
      <Facts>
        <Fact label="user.id (sub)">
          <code>{token.user.id}</code>
        </Fact>
        <Fact label="Rol">{token.user.role}</Fact>
        <ExpiresIn at={token.expiresAt} />
      </Facts>
    </div>
  );
}

/** The token's countdown: the one part of the view that changes every second. */
function ExpiresIn({ at }: { at: number }) {
  const left = useMsLeft(at, 1_000);
  return (
    <Fact label="Caduca en" attrs={{ 'data-expires-in': Math.ceil(left / 1000) }}>
      {left > 0 ? formatCountdown(left) : 'caducado'}
    </Fact>
  );
}

/** One decoded part as JSON, bordered in its part's colour. */
function Decoded(props: { part: 'header' | 'payload'; caption: string; value: object }) {
  return (
    <figure>
      <figcaption>{props.caption}</figcaption>
      <pre class={`sio-json sio-json--${props.part}`} data-jwt-decoded={props.part}>
        {JSON.stringify(props.value, null, 2)}
      </pre>
    </figure>
  );
}
