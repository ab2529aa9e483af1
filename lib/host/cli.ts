// wasi:cli — environment and arguments come from the worker's create entry;
// stdout/stderr become log entries; exit unwinds the guest (never process.exit).

import { ExitSignal, type HostContext } from './context';
import { InputStream, OutputStream, bufferSource } from './io';

export class TerminalInput {}
export class TerminalOutput {}

export function cliImports(ctx: HostContext) {
  const decoder = new TextDecoder();
  const stream = (name: 'stdout' | 'stderr') => new OutputStream({ write: (bytes) => ctx.log(name, decoder.decode(bytes)) });
  const stdout = stream('stdout');
  const stderr = stream('stderr');
  const stdin = new InputStream(bufferSource(new Uint8Array(0)));
  return {
    'wasi:cli/environment': {
      getEnvironment: () => ctx.durable('wasi:cli/environment.get-environment', 'read-local', null, () => ctx.env),
      getArguments: () => ctx.durable('wasi:cli/environment.get-arguments', 'read-local', null, () => ctx.args),
      initialCwd: () => undefined,
    },
    'wasi:cli/exit': {
      exit(status: { tag: 'ok' | 'err' }) {
        throw new ExitSignal(status.tag === 'ok' ? 0 : 1);
      },
      exitWithCode(code: number) {
        throw new ExitSignal(code);
      },
    },
    'wasi:cli/stdin': { getStdin: () => stdin },
    'wasi:cli/stdout': { getStdout: () => stdout },
    'wasi:cli/stderr': { getStderr: () => stderr },
    'wasi:cli/terminal-input': { TerminalInput },
    'wasi:cli/terminal-output': { TerminalOutput },
    'wasi:cli/terminal-stdin': { getTerminalStdin: () => undefined },
    'wasi:cli/terminal-stdout': { getTerminalStdout: () => undefined },
    'wasi:cli/terminal-stderr': { getTerminalStderr: () => undefined },
  };
}
