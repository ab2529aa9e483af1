// The Golem WIT we ship (wit/) has Golem's exact signatures: each interface,
// reduced to its items without comments or layout (lib/wit/signature.ts), has
// the digest recorded from Golem's published file at a pinned revision
// (test/fixtures/golem-wit-signatures.json, refreshed by
// scripts/golem-wit-signatures.ts from a golem checkout; CI has no network).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { witSignatures } from '../lib/wit/signature';
import { root } from './helpers';

const upstream = JSON.parse(readFileSync(path.join(root, 'test', 'fixtures', 'golem-wit-signatures.json'), 'utf8')) as Record<
  string,
  { source: string; items: number; digest: string }
>;
const ours = new Map(
  readdirSync(path.join(root, 'wit'), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => witSignatures(readFileSync(path.join(root, 'wit', d.name, 'package.wit'), 'utf8')))
    .map((s) => [s.id, s]),
);

for (const [id, golem] of Object.entries(upstream)) {
  test(`${id} matches Golem's signatures (${golem.source})`, () => {
    const mine = ours.get(id);
    assert.ok(mine, `we ship no ${id}`);
    assert.equal(mine.items.length, golem.items, 'number of items');
    assert.equal(mine.digest, golem.digest, `signatures differ; our items:\n${mine.items.join('\n')}`);
  });
}

test('every golem package we ship is checked', () => {
  const shipped = [...ours.keys()].filter((id) => id.startsWith('golem:'));
  assert.deepEqual(
    shipped.filter((id) => !(id in upstream)),
    [],
  );
});

test('interfaces that follow each other directly are all found', () => {
  const ids = witSignatures(
    'package x:y@1.0.0;\ninterface a { f: func(); }\ninterface b { g: func(); }\n// c\ninterface c { h: func(); }',
  ).map((s) => s.id);
  assert.deepEqual(ids, ['x:y@1.0.0/a', 'x:y@1.0.0/b', 'x:y@1.0.0/c']);
});

test('the reduction ignores comments and layout but not a changed signature', () => {
  const a = 'package x:y@1.0.0;\ninterface i {\n  /// doc\n  f: func(a: u32) -> u64;\n  record r { a: u8, }\n}';
  const b = 'package x:y@1.0.0; interface i { record r {a:u8} // note\n f : func( a : u32 ) -> u64; }';
  const c = 'package x:y@1.0.0; interface i { record r {a:u8} f: func(a: u64) -> u64; }';
  assert.equal(witSignatures(a)[0]!.digest, witSignatures(b)[0]!.digest);
  assert.notEqual(witSignatures(a)[0]!.digest, witSignatures(c)[0]!.digest);
});
