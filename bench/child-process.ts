import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { nodeTsx } from '../scripts/node-tsx';

const ROOT = resolve(import.meta.dirname, '..');

/** A server the benchmark runs in its own process, so it never shares the clients' event loop. */
export interface ChildServer {
  pid: number;
  /** The first line that matched the ready pattern. */
  readyLine: RegExpMatchArray;
  stop(): Promise<void>;
}

/** Runs `<entry> ...args` (see nodeTsx) and waits for a line of output that matches `ready`. */
export function startChild(entry: string, args: string[], ready: RegExp): Promise<ChildServer> {
  const child: ChildProcess = spawn(...nodeTsx(entry, args), {
    cwd: ROOT,
    env: { ...process.env, FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(killer);
  };
  return new Promise((done, fail) => {
    const timer = setTimeout(() => {
      void stop();
      fail(new Error(`${entry} did not start within 20 s:\n${output}`));
    }, 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(ready);
      if (!match) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      // Keep draining, or a chatty child blocks on a full pipe.
      child.stdout?.resume();
      child.stderr?.resume();
      done({ pid: child.pid!, readyLine: match, stop });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`${entry} exited (${code}) before it was ready:\n${output}`));
    });
  });
}

/** Resident memory of a process in bytes (Linux /proc), or NaN where that is not available. */
export function residentBytes(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]);
    return kb * 1024;
  } catch {
    return Number.NaN;
  }
}
