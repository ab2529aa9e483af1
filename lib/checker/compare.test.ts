import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compare, type Side } from './compare';

const side = (text: string, key: string): Side => ({
  results: [],
  effects: [],
  oplog: [{ index: 7, kind: 'imported-function-invoked', text, key }],
});

test('two entries that read the same when shortened are reported around where they part', () => {
  const long = 'x'.repeat(300);
  const r = compare(side('meta() → {…', `[${long},"status":"running"]`), side('meta() → {…', `[${long},"status":"idle"]`));
  assert.equal(r.verdict, 'differs');
  const d = r.firstDifference as { baseline: string; run: string };
  assert.match(d.baseline, /"status":"running"/);
  assert.match(d.run, /"status":"idle"/);
  assert.ok(d.baseline.startsWith('meta() → {… · …') && d.baseline.length < 180, d.baseline);
});

test('entries whose texts differ keep their texts', () => {
  const r = compare(side('a() → 1', 'k1'), side('a() → 2', 'k2'));
  assert.deepEqual(
    [(r.firstDifference as { baseline: string }).baseline, (r.firstDifference as { run: string }).run],
    ['a() → 1', 'a() → 2'],
  );
});
