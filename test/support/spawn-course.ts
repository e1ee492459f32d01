import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { nodeTsx } from '../../scripts/node-tsx';

const ROOT = resolve(import.meta.dirname, '../..');

/** A process started from one of the package's entry points, and the URL it printed. */
export interface SpawnedServer {
  child: ChildProcess;
  url: string;
  output: () => string;
  stop(): Promise<number | null>;
}

/**
 * Runs `<script> ...args` (see nodeTsx; e.g. scripts/start.ts, what `npm start` runs) and resolves with
 * the first `http://…:<port>/` URL it prints. Fails with the process output if it exits first.
 */
export function spawnServer(
  script: string,
  args: string[],
  timeoutMs = 180_000,
): Promise<SpawnedServer> {
  const child = spawn(...nodeTsx(script, args), {
    cwd: ROOT,
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  let output = '';
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} printed no URL within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const found = /escuchando en ([\d.]+):(\d+)/.exec(output);
      if (!found) return;
      clearTimeout(timer);
      resolvePromise({
        child,
        url: `http://${found[1]}:${found[2]}`,
        output: () => output,
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done(child.exitCode);
            child.once('exit', (code) => done(code));
            child.kill('SIGTERM');
          }),
      });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code} before listening:\n${output}`));
    });
  });
}
