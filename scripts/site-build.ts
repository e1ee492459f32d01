import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
/** Everything the built site is made from: a change in any of them means `dist/` is stale. */
const SOURCES = ['content', 'src', 'public', 'astro.config.mjs', 'package-lock.json'];
const BUILT_MARKER = join(ROOT, 'dist', 'index.html');

/** Newest modification time (ms) of a file or of any file below a folder. */
function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** True when `dist/` is missing or older than one of its sources. */
export function siteIsStale(): boolean {
  if (!existsSync(BUILT_MARKER)) return true;
  const builtAt = statSync(BUILT_MARKER).mtimeMs;
  return SOURCES.some((source) => newestMtime(join(ROOT, source)) > builtAt);
}

/** Builds the site with `astro build` when it is stale; throws when the build fails. */
export function ensureSiteBuilt(log: (line: string) => void = console.log): void {
  if (!siteIsStale()) return;
  log('Construyendo el sitio del curso (dist/ falta o es anterior a las fuentes)…');
  const astro = join(ROOT, 'node_modules', '.bin', 'astro');
  const result = spawnSync(astro, ['build'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`astro build failed with exit code ${result.status}`);
}
