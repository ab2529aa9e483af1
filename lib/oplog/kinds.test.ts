// The kinds table is the one list: the README's copy must match it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { KINDS, OPLOG_KINDS, kindsMarkdown } from './kinds';

test("the README's list of oplog kinds is the kinds table", () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const m = /<!-- oplog-kinds:start -->\n([\s\S]*?)\n<!-- oplog-kinds:end -->/.exec(readme);
  assert.ok(m, 'README.md has no <!-- oplog-kinds:start --> ... <!-- oplog-kinds:end --> block');
  assert.equal(m[1], kindsMarkdown(), 'README.md lists other kinds than lib/oplog/kinds.ts; paste kindsMarkdown() between the markers');
});

test('every kind has a distinct label', () => {
  const labels = OPLOG_KINDS.map((k) => KINDS[k].label);
  assert.equal(new Set(labels).size, labels.length);
});
