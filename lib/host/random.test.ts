// wasi:random's u64s come from a pool of CSPRNG bytes refilled 4 KiB at a time:
// values must never repeat across a refill (a pool read past its end, or not
// refilled, would hand out the same bytes again).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HostContext } from './context';
import { randomImports } from './random';

const live = { durable: (_n: string, _d: unknown, _r: unknown, run: () => unknown) => run() } as unknown as HostContext;

test('get-random-u64 gives distinct values across several refills of its pool', () => {
  const r = randomImports(live)['wasi:random/random'];
  // 512 u64s fill the pool once: this crosses it four times, and a seed takes two more.
  const seen = new Set<bigint>();
  for (let i = 0; i < 2048; i++) seen.add(r.getRandomU64() as bigint);
  const [a, b] = randomImports(live)['wasi:random/insecure-seed'].insecureSeed() as [bigint, bigint];
  seen.add(a).add(b);
  assert.equal(seen.size, 2050);
  // Not all in a narrow range: the high bits vary too.
  assert.ok([...seen].some((v) => v >= 1n << 63n) && [...seen].some((v) => v < 1n << 63n));
});
