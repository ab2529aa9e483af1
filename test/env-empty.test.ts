// Bug: an empty environment value read as the next variable's text. A guest
// that reads its environment through the WASI preview1 adapter (as Rust and C
// programs built for wasm32-wasip1 do) must see exactly the worker's env, live
// and after a kill (replayed from the oplog). Root cause and reproduction:
// lib/components/bindings-patch.ts, test/fixtures/env-empty/repro.mjs.

import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { makeEngine, root, type TestEngine } from './helpers';

const fixture = (f: string) => readFileSync(path.join(root, 'test', 'fixtures', 'env-empty', f), 'utf8');
const ENV: [string, string][] = [
  ['FOO', 'bar'],
  ['EMPTY', ''],
  ['UNI', 'ü✓ 🎉'],
  ['LAST', ''],
];
let t: TestEngine;

before(async () => {
  t = makeEngine();
  const jco = await import('@bytecodealliance/jco');
  const core = await jco.parse(fixture('env.wat'));
  const embedded = await jco.componentEmbed({ binary: core, witSource: fixture('env.wit'), world: 'env' });
  const adapter = readFileSync(jco.preview1AdapterReactorPath());
  const bytes = await jco.componentNew(embedded, [['wasi_snapshot_preview1', adapter]]);
  await t.engine.registerComponent('envp1', { kind: 'upload', bytes });
});
after(() => t.close());

test('empty environment values read as empty through the preview1 adapter, live and replayed', async () => {
  const w = t.engine.createWorker({ component: 'envp1', name: 'w', env: ENV });
  const expected = ENV.map(([k, v]) => `${k}=${v}`);
  assert.deepEqual((await t.engine.invoke(w.id, { function: 'environ' })).result, expected);
  // Replayed from the oplog after a kill: the same values.
  await t.engine.kill(w.id);
  assert.deepEqual((await t.engine.invoke(w.id, { function: 'environ' })).result, expected);
  const recorded = t.engine.store
    .slice(w.id, 1)
    .filter((e) => e.kind === 'imported-function-invoked' && e.functionName === 'wasi:cli/environment.get-environment');
  assert.ok(recorded.length >= 2, 'the environment was read through the durable host call');
});
