import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { nodeTsx } from '../../scripts/node-tsx';

const ROOT = resolve(import.meta.dirname, '../..');

/** How a spawned process ended. */
export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** The demo server's entry point running as a child process, and where it listens. */
export interface SpawnedDemoServer {
  child: ChildProcess;
  /** Host and port as printed in the first line of output. */
  host: string;
  port: number;
  /** Everything printed so far (stdout and stderr). */
  output(): string;
  /** Resolves when the process has exited. */
  exited: Promise<ProcessExit>;
  /** Kills the process if it is still running (for afterEach). */
  kill(): Promise<void>;
}

/**
 * Runs `demo-server/index.ts ...args` (see nodeTsx: a kill reaches the server itself) and
 * resolves once it prints
 * "escuchando en <host>:<port>". `env` replaces PORT, HOST and friends (undefined removes one).
 */
export function spawnDemoServer(
  args: string[],
  env: Record<string, string | undefined> = {},
  timeoutMs = 8_000,
): Promise<SpawnedDemoServer> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, FORCE_COLOR: '0' };
  for (const name of ['PORT', 'HOST', 'ALLOWED_ORIGINS', 'DEMO_SITE_DIR']) delete childEnv[name];
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) delete childEnv[name];
    else childEnv[name] = value;
  }
  const child = spawn(...nodeTsx('demo-server/index.ts', args), {
    cwd: ROOT,
    env: childEnv,
  });
  let output = '';
  const exited = new Promise<ProcessExit>((done) =>
    child.once('exit', (code, signal) => done({ code, signal })),
  );
  const kill = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGKILL');
    await exited;
  };

  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      void kill();
      reject(new Error(`the demo server printed no address within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const found = /escuchando en (\S+):(\d+)\r?\n/.exec(output);
      if (!found) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.stdout.on('data', (more: Buffer) => (output += more.toString()));
      resolvePromise({
        child,
        host: found[1]!,
        port: Number(found[2]),
        output: () => output,
        exited,
        kill,
      });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`the demo server exited (${code ?? signal}) before listening:\n${output}`));
    });
  });
}
