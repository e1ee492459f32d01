/**
 * `npm run dev`: the demo server on :3001 (API only) plus Astro's dev server with hot reload,
 * whose widgets are pointed at the demo server through PUBLIC_DEMO_SERVER_URL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { nodeTsx } from './node-tsx';

const ROOT = resolve(import.meta.dirname, '..');
const bin = (name: string) => join(ROOT, 'node_modules', '.bin', name);
const demoPort = process.env.PORT ?? '3001';

const children: ChildProcess[] = [
  spawn(...nodeTsx('demo-server/index.ts', ['--no-site', '--port', demoPort]), {
    cwd: ROOT,
    stdio: 'inherit',
  }),
  spawn(bin('astro'), ['dev', ...process.argv.slice(2)], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, PUBLIC_DEMO_SERVER_URL: `http://localhost:${demoPort}` },
  }),
];

// If either stops, stop the other: a half-running course is more confusing than none.
for (const child of children) {
  child.on('exit', (code) => {
    for (const other of children) if (other !== child) other.kill('SIGTERM');
    process.exitCode = code ?? 1;
  });
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => children.forEach((child) => child.kill(signal)));
}
