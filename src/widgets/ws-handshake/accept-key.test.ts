import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { computeAccept, webCryptoSha1, WS_GUID, type Sha1 } from './accept-key';

const nodeSha1: Sha1 = async (data) => {
  const digest = createHash('sha1').update(data).digest();
  return digest.buffer.slice(digest.byteOffset, digest.byteOffset + digest.byteLength);
};

describe('computeAccept', () => {
  it('gives the RFC 6455 §1.3 example value, with every step', async () => {
    const steps = await computeAccept('dGhlIHNhbXBsZSBub25jZQ==', nodeSha1);
    expect(steps).toEqual({
      key: 'dGhlIHNhbXBsZSBub25jZQ==',
      concatenated: `dGhlIHNhbXBsZSBub25jZQ==${WS_GUID}`,
      sha1Hex: 'b3 7a 4f 2c c0 62 4f 16 90 f6 46 06 cf 38 59 45 b2 be c4 ea',
      accept: 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=',
    });
  });

  it('gives the same value with Web Crypto, where it exists', async () => {
    const sha1 = webCryptoSha1();
    expect(sha1).not.toBeNull();
    const steps = await computeAccept('dGhlIHNhbXBsZSBub25jZQ==', sha1!);
    expect(steps.accept).toBe('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
  });
});
