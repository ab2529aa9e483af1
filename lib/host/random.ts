// wasi:random — all three interfaces; the values come from the oplog on replay.

import type { HostFunction } from './functions';
import { randomBytes } from 'node:crypto';
import type { HostContext } from './context';

const u64 = (): bigint => randomBytes(8).readBigUInt64LE();

export function randomImports(ctx: HostContext) {
  const bytes = (fn: HostFunction) => (len: bigint) =>
    ctx.durable(fn, 'read-local', { len }, () => new Uint8Array(randomBytes(Number(len))));
  return {
    'wasi:random/random': {
      getRandomBytes: bytes('wasi:random/random.get-random-bytes'),
      getRandomU64: () => ctx.durable('wasi:random/random.get-random-u64', 'read-local', null, u64),
    },
    'wasi:random/insecure': {
      getInsecureRandomBytes: bytes('wasi:random/insecure.get-insecure-random-bytes'),
      getInsecureRandomU64: () => ctx.durable('wasi:random/insecure.get-insecure-random-u64', 'read-local', null, u64),
    },
    'wasi:random/insecure-seed': {
      insecureSeed: () => ctx.durable('wasi:random/insecure-seed.insecure-seed', 'read-local', null, () => [u64(), u64()]),
    },
  };
}
