// The imports object handed to a guest: every interface the host offers.

import { cliImports } from './cli';
import { clockImports } from './clocks';
import type { HostContext } from './context';
import { filesystemImports } from './filesystem';
import { httpImports } from './http';
import { ioImports } from './io';
import { randomImports } from './random';
import { playgroundHttpImports } from './playground-http';
import { golemImports } from './golem';
import { golemV13Imports } from './golem-v13';
import { golemV15Imports } from './golem-v15';

export function hostImports(ctx: HostContext): Record<string, Record<string, unknown>> {
  const golem = golemImports(ctx);
  const golem13 = golemV13Imports(ctx, golem);
  return {
    ...ioImports(ctx),
    ...cliImports(ctx),
    ...clockImports(ctx),
    ...randomImports(ctx),
    ...filesystemImports(),
    ...httpImports(ctx),
    ...playgroundHttpImports(ctx),
    ...golem,
    ...golem13,
    ...golemV15Imports(ctx, golem13),
  };
}

/** Interfaces a component may import (any 0.2.x version). */
export const SUPPORTED_INTERFACES: readonly string[] = [
  'wasi:io/error', 'wasi:io/poll', 'wasi:io/streams',
  'wasi:cli/environment', 'wasi:cli/exit', 'wasi:cli/stdin', 'wasi:cli/stdout', 'wasi:cli/stderr',
  'wasi:cli/terminal-input', 'wasi:cli/terminal-output', 'wasi:cli/terminal-stdin',
  'wasi:cli/terminal-stdout', 'wasi:cli/terminal-stderr',
  'wasi:clocks/monotonic-clock', 'wasi:clocks/wall-clock',
  'wasi:random/random', 'wasi:random/insecure', 'wasi:random/insecure-seed',
  'wasi:filesystem/types', 'wasi:filesystem/preopens',
  'wasi:http/types', 'wasi:http/outgoing-handler',
  'playground:http/client',
  'golem:api/host', 'golem:rpc/types', 'golem:core/types',
];

/** Imports of a component that this host cannot satisfy. */
export function unsupportedImports(imports: string[]): string[] {
  return imports.filter((i) => !SUPPORTED_INTERFACES.includes(i.replace(/@.*$/, '')));
}
