// Which entry the worker page's timeline names on a row a revert or a jump
// took out of the history (components/worker/history.ts dropMarker): the
// engine's rule (lib/oplog/history), and the first entry that dropped it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dropMarker, type DropEntry } from '../components/worker/history';
import type { OplogKind } from '../lib/oplog/entry';

const drop = (kind: 'jump' | 'revert', index: number, start: number, end: number): DropEntry => ({ kind, index, timestamp: 0, start, end });
const at = (index: number, kind: OplogKind = 'imported-function-invoked') => ({ index, kind });

test('a row is named by the revert or jump that dropped it; a queued invocation survives a jump, not a revert', () => {
  const revert8 = drop('revert', 8, 6, 7);
  const jump12 = drop('jump', 12, 10, 11);
  const revert20 = drop('revert', 20, 3, 15);
  const before = dropMarker([revert8, jump12]);
  assert.equal(before(at(5)), undefined, 'before every range');
  assert.equal(before(at(6, 'exported-function-invoked')), revert8);
  assert.equal(before(at(7, 'exported-function-completed')), revert8);
  assert.equal(before(at(8, 'revert')), undefined, 'the revert itself stays');
  assert.equal(before(at(11)), jump12, 'what the guest did is skipped by a jump');
  assert.equal(before(at(10, 'pending-worker-invocation')), undefined, 'what the runtime recorded about queued work is not');
  assert.equal(before(at(13)), undefined, 'after every range');

  // A later revert over all of it: each row keeps the first entry that dropped it; the rest name the later one.
  const after = dropMarker([revert8, jump12, revert20]);
  assert.equal(after(at(6)), revert8);
  assert.equal(after(at(11)), jump12);
  assert.equal(after(at(10, 'pending-worker-invocation')), revert20);
  assert.equal(after(at(12, 'jump')), revert20);
  assert.equal(after(at(4)), revert20);
  assert.equal(after(at(16)), undefined);
  assert.equal(dropMarker([])(at(6)), undefined, 'no reverts, no jumps: nothing dropped');
});
