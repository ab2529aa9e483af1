// The child processes our build tools run in (qjs-child.mjs, jco-child.mjs):
// plain JavaScript beside lib/components, bytes over IPC, stderr kept for errors.

import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from '../store/migrate';

/** Starts `script` (a file in lib/components) with `execArgv` as its only Node flags: no TypeScript loader. */
export function forkTool(script: string, execArgv: string[] = []): ChildProcess {
  const child = fork(path.join(projectRoot(), 'lib', 'components', script), [], {
    execArgv,
    serialization: 'advanced', // bytes travel as Uint8Arrays
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  // An error after a job settled (a send or disconnect racing its exit) must not become an uncaught one.
  child.on('error', () => {});
  return child;
}
