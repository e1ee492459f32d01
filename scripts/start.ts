/**
 * `npm start`: builds the site if `dist/` is stale, then runs the demo server, which serves the
 * course and every transport on one origin. Flags (`--port`, `--host`, `--origin`) pass through.
 */
import { ensureSiteBuilt } from './site-build';

try {
  ensureSiteBuilt();
} catch (error) {
  console.error(`No se pudo construir el sitio: ${(error as Error).message}`);
  process.exit(1);
}
// The demo server's entry reads process.argv itself, so the flags given to npm start reach it.
await import('../demo-server/index');
