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
import { keyvalueImports } from './keyvalue';
import { blobstoreImports } from './blobstore';
import { TEST_ONLY_INTERFACES, testOnlyEnabled, testOnlyImports } from './test-only';
import { golemV13Imports } from './golem-v13';
import { golemV15Imports } from './golem-v15';
import { golemContextImports } from './golem-context';
import { golemDurabilityImports } from './golem-durability';
import { golemOplogImports } from './golem-oplog';
import { golemOplogV1Imports } from './golem-oplog-v1';
import { golemRetryImports } from './golem-retry';

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
    ...golemContextImports(ctx),
    ...golemDurabilityImports(ctx),
    ...golemOplogImports(ctx),
    ...golemOplogV1Imports(ctx),
    ...golemRetryImports(ctx),
    ...keyvalueImports(ctx),
    ...blobstoreImports(ctx),
    ...testOnlyImports(ctx),
  };
}

/** Interfaces a component may import (any 0.2.x version). */
export const SUPPORTED_INTERFACES: readonly string[] = [
  'wasi:io/error',
  'wasi:io/poll',
  'wasi:io/streams',
  'wasi:cli/environment',
  'wasi:cli/exit',
  'wasi:cli/stdin',
  'wasi:cli/stdout',
  'wasi:cli/stderr',
  'wasi:cli/terminal-input',
  'wasi:cli/terminal-output',
  'wasi:cli/terminal-stdin',
  'wasi:cli/terminal-stdout',
  'wasi:cli/terminal-stderr',
  'wasi:clocks/monotonic-clock',
  'wasi:clocks/wall-clock',
  'wasi:random/random',
  'wasi:random/insecure',
  'wasi:random/insecure-seed',
  'wasi:filesystem/types',
  'wasi:filesystem/preopens',
  'wasi:http/types',
  'wasi:http/outgoing-handler',
  'playground:http/client',
  'golem:api/host',
  'golem:rpc/types',
  'golem:core/types',
  'golem:api/context',
  'golem:api/oplog',
  'golem:api/retry',
  'golem:durability/durability',
  // wasi:keyvalue@0.1.0 and wasi:blobstore (unversioned), as Golem offers them.
  'wasi:keyvalue/types',
  'wasi:keyvalue/eventual',
  'wasi:keyvalue/eventual-batch',
  'wasi:keyvalue/atomic',
  'wasi:keyvalue/cache',
  'wasi:keyvalue/wasi-keyvalue-error',
  'wasi:blobstore/types',
  'wasi:blobstore/container',
  'wasi:blobstore/blobstore',
];

/** Imports of a component that this host cannot satisfy. */
export function unsupportedImports(imports: string[]): string[] {
  const offered = testOnlyEnabled() ? [...SUPPORTED_INTERFACES, ...TEST_ONLY_INTERFACES] : SUPPORTED_INTERFACES;
  return imports.filter((i) => !offered.includes(i.replace(/@.*$/, '')));
}
