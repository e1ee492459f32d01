/** The three base64url segments of a JWS compact serialization (RFC 7515 §7.1). */
export interface JwtParts {
  header: string;
  payload: string;
  signature: string;
}

/** A JWT split and its first two parts decoded (the signature stays bytes: nothing to read). */
export interface DecodedJwt {
  parts: JwtParts;
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
}

/** A token with its payload changed and its signature kept, to see the server refuse it. */
export interface TamperedJwt {
  token: string;
  /** The claim that changed, its old and new value. */
  claim: string;
  from: string;
  to: string;
  before: JwtParts;
  after: JwtParts;
}

const SEGMENT = /^[A-Za-z0-9_-]*$/;

/** `header.payload.signature`, or null when the text is not three base64url segments. */
export function splitJwt(token: string): JwtParts | null {
  const segments = token.split('.');
  if (segments.length !== 3 || !segments.every((s) => SEGMENT.test(s))) return null;
  const [header, payload, signature] = segments as [string, string, string];
  return { header, payload, signature };
}

/** Decodes a base64url segment as UTF-8 text, or null when it is not base64url. */
export function decodeBase64Url(segment: string): string | null {
  if (!SEGMENT.test(segment) || segment.length % 4 === 1) return null;
  const base64 = segment.replace(/-/g, '+').replace(/_/g, '/');
  try {
    const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** Encodes UTF-8 text as base64url without padding (what JWTs use). */
export function encodeBase64Url(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function jsonObject(segment: string): Record<string, unknown> | null {
  const text = decodeBase64Url(segment);
  if (text === null) return null;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/**
 * Splits and decodes a JWT without checking its signature: anyone can read a payload, which is
 * signed, not encrypted. Null when the token is not a JWT with JSON header and payload.
 */
export function decodeJwt(token: string): DecodedJwt | null {
  const parts = splitJwt(token);
  if (!parts) return null;
  const header = jsonObject(parts.header);
  const payload = jsonObject(parts.payload);
  return header && payload ? { parts, header, payload } : null;
}

/**
 * What an attacker would try: flip the `role` claim (student ⇄ instructor), re-encode the payload
 * and keep the header and the signature. Null when the token cannot be decoded.
 */
export function tamperJwt(token: string): TamperedJwt | null {
  const decoded = decodeJwt(token);
  if (!decoded) return null;
  const from = String(decoded.payload.role ?? '');
  const to = from === 'instructor' ? 'student' : 'instructor';
  const payload = encodeBase64Url(JSON.stringify({ ...decoded.payload, role: to }));
  const after = { ...decoded.parts, payload };
  return {
    token: `${after.header}.${after.payload}.${after.signature}`,
    claim: 'role',
    from,
    to,
    before: decoded.parts,
    after,
  };
}

/** `after` cut where it differs from `before`: the common start, the changed middle, the common end. */
export function diffText(before: string, after: string) {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let end = 0;
  while (
    end < before.length - start &&
    end < after.length - start &&
    before[before.length - 1 - end] === after[after.length - 1 - end]
  )
    end++;
  return {
    prefix: after.slice(0, start),
    changed: after.slice(start, after.length - end),
    suffix: after.slice(after.length - end),
  };
}
