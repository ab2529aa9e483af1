// Two builds of one component name at once (two users, or two pages of one
// user, e.g. the home page's "Try the shopping cart" and a lesson): both are
// kept, as consecutive versions, each with its own files.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeEngine } from './helpers';

const WIT = 'package t:same;\nworld w { export one: func() -> u32; }\n';
const wat = (n: number) => `(module (memory (export "memory") 1) (func (export "one") (result i32) i32.const ${n}))`;

const t = makeEngine();
after(() => t.close());

test('two builds of the same name at once become versions 1 and 2, each running its own code', async () => {
  const [a, b] = await Promise.all([
    t.engine.registerComponent('same', { kind: 'wat', source: wat(1), wit: WIT }),
    t.engine.registerComponent('same', { kind: 'wat', source: wat(2), wit: WIT }),
  ]);
  assert.deepEqual([a.version, b.version].sort(), [1, 2]);
  for (const [v, expected] of [
    [a.version, 1],
    [b.version, 2],
  ] as const) {
    const w = t.engine.createWorker({ component: 'same', name: `v${v}`, version: v });
    assert.equal((await t.engine.invoke(w.id, { function: 'one' })).result, expected);
  }
});
