import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  // Pagefind's search index fragments.
  '.pf_meta': 'application/octet-stream',
  '.pf_index': 'application/octet-stream',
  '.pf_fragment': 'application/octet-stream',
};

/**
 * Serves the built site (`dist/`) read-only: GET/HEAD only, no path may leave the folder,
 * directories answer with their index.html, unknown paths with the site's 404 page.
 * Returns false when the request is not for a file, so the caller can answer it.
 */
export function createStaticHandler(rootDir: string) {
  const root = resolve(rootDir);

  async function find(
    pathname: string,
  ): Promise<{ path: string; size: number; mtime: Date } | null> {
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return null;
    }
    if (decoded.includes('\0')) return null;
    const candidate = normalize(join(root, decoded));
    if (candidate !== root && !candidate.startsWith(root + sep)) return null;
    for (const path of [candidate, join(candidate, 'index.html'), `${candidate}.html`]) {
      const info = await stat(path).catch(() => null);
      if (info?.isFile()) return { path, size: info.size, mtime: info.mtime };
    }
    return null;
  }

  function send(
    req: IncomingMessage,
    res: ServerResponse,
    file: { path: string; size: number; mtime: Date },
    status: number,
    pathname: string,
  ): void {
    const etag = `W/"${file.size.toString(16)}-${file.mtime.getTime().toString(16)}"`;
    const headers: Record<string, string | number> = {
      'Content-Type': CONTENT_TYPES[extname(file.path)] ?? 'application/octet-stream',
      'Content-Length': file.size,
      ETag: etag,
      // Astro puts content-hashed bundles under /_astro/: they never change under one name.
      'Cache-Control': pathname.startsWith('/_astro/')
        ? 'public, max-age=31536000, immutable'
        : 'no-cache',
      'X-Content-Type-Options': 'nosniff',
    };
    if (status === 200 && req.headers['if-none-match'] === etag) {
      res.writeHead(304, { ETag: etag, 'Cache-Control': headers['Cache-Control'] as string });
      res.end();
      return;
    }
    res.writeHead(status, headers);
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const stream = createReadStream(file.path);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  }

  return async function serveStatic(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
  ): Promise<boolean> {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const file = await find(url.pathname);
    if (file) {
      send(req, res, file, 200, url.pathname);
      return true;
    }
    // Only page-like paths get the HTML 404 page; API-looking misses get JSON from the caller.
    if (!req.headers.accept?.includes('text/html')) return false;
    const notFound = await find('/404.html');
    if (!notFound) return false;
    send(req, res, notFound, 404, url.pathname);
    return true;
  };
}
