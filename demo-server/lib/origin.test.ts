import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { normalizeOrigin, OriginPolicy } from './origin';

const SERVER_HOST = '127.0.0.1:3001';

describe('OriginPolicy', () => {
  const policy = new OriginPolicy([]);

  it.each([
    'http://localhost',
    'http://localhost:5173',
    'http://127.0.0.1:4321',
    'http://[::1]:8080',
    'http://LOCALHOST:3000',
  ])('allows the loopback origin %s on any port', (origin) => {
    expect(policy.allows(origin, SERVER_HOST)).toBe(true);
  });

  it.each(['https://localhost:5173', 'https://127.0.0.1:4321', 'https://[::1]'])(
    'refuses the https loopback origin %s unless it is the server itself or added',
    (origin) => {
      expect(policy.allows(origin, SERVER_HOST)).toBe(false);
      expect(new OriginPolicy([origin]).allows(origin, SERVER_HOST)).toBe(true);
    },
  );

  it("allows the server's own origin, named by the Host header", () => {
    expect(policy.allows('http://192.168.1.20:3001', '192.168.1.20:3001')).toBe(true);
    expect(policy.allows('http://aula.local:3001', 'Aula.Local:3001')).toBe(true);
  });

  it('refuses the same host on another port than the Host header', () => {
    expect(policy.allows('http://192.168.1.20:4000', '192.168.1.20:3001')).toBe(false);
  });

  it('refuses a non-loopback origin when the request has no Host header', () => {
    expect(policy.allows('http://192.168.1.20:3001', undefined)).toBe(false);
  });

  it.each([
    'https://curso.example',
    'https://curso.example/',
    'HTTPS://Curso.Example',
    ' https://curso.example/lecciones ',
  ])('allows an added origin written as %j', (written) => {
    const withExtra = new OriginPolicy(['https://Curso.Example/']);
    expect(withExtra.allows(written, SERVER_HOST)).toBe(true);
  });

  it('allows an added origin only on its own scheme and port', () => {
    const withExtra = new OriginPolicy(['https://curso.example']);
    expect(withExtra.allows('http://curso.example', SERVER_HOST)).toBe(false);
    expect(withExtra.allows('https://curso.example:8443', SERVER_HOST)).toBe(false);
  });

  it('ignores added origins that are not http(s) origins', () => {
    const withJunk = new OriginPolicy(['not a url', 'ftp://files.example', '']);
    expect(withJunk.allows('ftp://files.example', SERVER_HOST)).toBe(false);
    expect(withJunk.allows('http://localhost:5173', SERVER_HOST)).toBe(true);
  });

  it.each([
    'http://evil.example',
    'https://evil.example:3001',
    'http://localhost.evil.example',
    'http://127.0.0.1.nip.io:3001',
    'http://127.0.0.2:3001',
  ])('refuses the foreign origin %s', (origin) => {
    expect(policy.allows(origin, SERVER_HOST)).toBe(false);
  });

  it.each([
    'null',
    '',
    'not a url',
    'file:///home/alumno/index.html',
    'ftp://localhost',
    'blob:http://localhost/x',
  ])('refuses the malformed or non-web origin %j', (origin) => {
    expect(policy.allows(origin, SERVER_HOST)).toBe(false);
  });

  it('allows a request without an Origin header, and judges one that has it', () => {
    const request = (headers: IncomingMessage['headers']) => ({ headers }) as IncomingMessage;
    expect(policy.allowsRequest(request({ host: SERVER_HOST }))).toBe(true);
    expect(
      policy.allowsRequest(request({ host: SERVER_HOST, origin: 'http://evil.example' })),
    ).toBe(false);
    expect(
      policy.allowsRequest(request({ host: SERVER_HOST, origin: 'http://localhost:5173' })),
    ).toBe(true);
  });
});

describe('normalizeOrigin', () => {
  it('reduces a URL to its lowercase scheme://host[:port]', () => {
    expect(normalizeOrigin('HTTPS://Curso.Example:8443/path?q=1')).toBe(
      'https://curso.example:8443',
    );
    expect(normalizeOrigin('http://example.com:80/')).toBe('http://example.com');
  });

  it('returns null for what is not an http(s) origin', () => {
    expect(normalizeOrigin('null')).toBeNull();
    expect(normalizeOrigin('ws://localhost:3001')).toBeNull();
  });
});
