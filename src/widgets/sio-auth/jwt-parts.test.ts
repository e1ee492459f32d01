import { describe, expect, it } from 'vitest';
import {
  decodeBase64Url,
  decodeJwt,
  diffText,
  encodeBase64Url,
  splitJwt,
  tamperJwt,
} from './jwt-parts';

// A token shaped like the server's (the signature is made up: nothing here verifies it).
const header = encodeBase64Url('{"alg":"HS256"}');
const payload = encodeBase64Url('{"sub":"u1","name":"José","role":"student","iat":1,"exp":2}');
const TOKEN = `${header}.${payload}.c2lnbmF0dXJl`;

describe('JWT parts', () => {
  it('splits a token into its three base64url segments', () => {
    expect(splitJwt(TOKEN)).toEqual({ header, payload, signature: 'c2lnbmF0dXJl' });
    expect(splitJwt('a.b')).toBeNull();
    expect(splitJwt('a.b.c.d')).toBeNull();
    expect(splitJwt('a.b+c.d')).toBeNull();
  });

  it('decodes base64url as UTF-8, with and without padding', () => {
    expect(header).toBe('eyJhbGciOiJIUzI1NiJ9');
    expect(decodeBase64Url('eyJhbGciOiJIUzI1NiJ9')).toBe('{"alg":"HS256"}');
    expect(decodeBase64Url(encodeBase64Url('José ✓'))).toBe('José ✓');
    // base64url uses "-" and "_" where base64 has "+" and "/": "~~~" is "fn5+" in base64.
    expect(encodeBase64Url('~~~')).toBe('fn5-');
    expect(decodeBase64Url('fn5-')).toBe('~~~');
    expect(decodeBase64Url('a')).toBeNull();
    expect(decodeBase64Url('/+==')).toBeNull();
    // Not UTF-8: 0xff alone.
    expect(decodeBase64Url('_w')).toBeNull();
  });

  it('decodes the header and the payload as JSON objects', () => {
    const decoded = decodeJwt(TOKEN)!;
    expect(decoded.header).toEqual({ alg: 'HS256' });
    expect(decoded.payload).toMatchObject({ sub: 'u1', name: 'José', role: 'student', exp: 2 });
    expect(decodeJwt(`${header}.${encodeBase64Url('[1]')}.x`)).toBeNull();
    expect(decodeJwt(`${header}.${encodeBase64Url('no json')}.x`)).toBeNull();
  });

  it('tampers with the role claim and keeps the header and signature', () => {
    const tampered = tamperJwt(TOKEN)!;
    expect(tampered).toMatchObject({ claim: 'role', from: 'student', to: 'instructor' });
    expect(tampered.after.header).toBe(tampered.before.header);
    expect(tampered.after.signature).toBe(tampered.before.signature);
    expect(tampered.after.payload).not.toBe(tampered.before.payload);
    expect(decodeJwt(tampered.token)!.payload).toMatchObject({ sub: 'u1', role: 'instructor' });
    expect(tamperJwt(tampered.token)!.to).toBe('student');
    expect(tamperJwt('not a token')).toBeNull();
  });
});

describe('diffText', () => {
  it('cuts the changed middle out of the new text', () => {
    expect(diffText('abcdef', 'abXYef')).toEqual({ prefix: 'ab', changed: 'XY', suffix: 'ef' });
    expect(diffText('abc', 'abc')).toEqual({ prefix: 'abc', changed: '', suffix: '' });
    expect(diffText('abc', 'abcd')).toEqual({ prefix: 'abc', changed: 'd', suffix: '' });
    expect(diffText('aXa', 'aYYa')).toEqual({ prefix: 'a', changed: 'YY', suffix: 'a' });
  });
});
