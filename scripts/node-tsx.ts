/**
 * The command that runs one of the package's TypeScript entry points: `node --import tsx <entry>`.
 * Node itself, not the `tsx` command: that one is a wrapper that starts the script as a child of
 * its own, so its pid is not the script's (a SIGKILL leaves the script running, and its memory
 * is not the one /proc shows for that pid).
 */
export function nodeTsx(entry: string, args: string[] = []): [command: string, args: string[]] {
  return [process.execPath, ['--import', 'tsx', entry, ...args]];
}
