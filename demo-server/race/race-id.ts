import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';
const LENGTH = 12;

/** A race id: 12 characters a-z0-9. */
export const RACE_ID_PATTERN = /^[0-9a-z]{12}$/;

/**
 * A new unguessable race id: 12 base-36 characters from the system's CSPRNG (about 62 bits).
 * Bytes of 252 and above are skipped so that every character is equally likely.
 */
export function newRaceId(random: (size: number) => Uint8Array = randomBytes): string {
  let id = '';
  while (id.length < LENGTH) {
    for (const byte of random(LENGTH * 2)) {
      if (byte >= 252) continue;
      id += ALPHABET[byte % 36];
      if (id.length === LENGTH) break;
    }
  }
  return id;
}
