// wasi:random — all three interfaces; the values come from the oplog on replay.

import type { HostFunction } from './functions';
import { randomBytes, randomFillSync } from 'node:crypto';
import type { HostContext } from './context';

// The OS's CSPRNG drawn 4 KiB at a time: a call into node:crypto costs ~2 µs,
// as much as recording the value; a read from here ~0.1 µs. The pool holds only
// values not handed out yet, in host memory no guest can read.
const pool = Buffer.alloc(4096);
let used = pool.length;

function u64(): bigint {
  if (used + 8 > pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  const v = pool.readBigUInt64LE(used);
  used += 8;
  return v;
}

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
