/** RFC 6455 §4.2.2: the GUID every server appends to the client's key. */
export const WS_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** A SHA-1 digest function: Web Crypto's in the browser, injected in tests. */
export type Sha1 = (data: Uint8Array<ArrayBuffer>) => Promise<ArrayBuffer>;

/** Every step of the Sec-WebSocket-Accept computation, to show them one under the other. */
export interface AcceptSteps {
  key: string;
  /** The key followed by the GUID: the string that is hashed. */
  concatenated: string;
  /** The 20 bytes of SHA-1, as lowercase hex pairs separated by spaces. */
  sha1Hex: string;
  /** base64 of those 20 bytes: what the server must send as Sec-WebSocket-Accept. */
  accept: string;
}

/** Computes Sec-WebSocket-Accept for `key`: base64(SHA-1(key + GUID)), step by step. */
export async function computeAccept(key: string, sha1: Sha1): Promise<AcceptSteps> {
  const concatenated = key + WS_GUID;
  const hash = new Uint8Array(await sha1(new TextEncoder().encode(concatenated)));
  const sha1Hex = Array.from(hash, (byte) => byte.toString(16).padStart(2, '0')).join(' ');
  const accept = btoa(String.fromCharCode(...hash));
  return { key, concatenated, sha1Hex, accept };
}

/**
 * Web Crypto's SHA-1, or null where `crypto.subtle` does not exist: it is only offered in secure
 * contexts (https, localhost, 127.0.0.1), not on a page opened by http from a LAN address.
 */
export function webCryptoSha1(): Sha1 | null {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return null;
  return (data) => subtle.digest('SHA-1', data);
}
