// The history view alone: hand-written oplogs, no engine.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { OplogEntry, OplogEntryBody } from './entry';
import { History, Ranges } from './history';
import { createEntry, invoked, completed, queued } from '../testing/entries';

/** Numbers the bodies 1..n, like the store does. */
function log(...bodies: OplogEntryBody[]): OplogEntry[] {
  return bodies.map((b, i) => ({ ...b, index: i + 1, timestamp: 1000 + i }) as OplogEntry);
}
const create = createEntry('w');
const call = (fn = 'wasi:random/random.get-random-u64'): OplogEntryBody => ({
  kind: 'imported-function-invoked',
  functionName: fn,
  request: null,
  response: 7,
  durability: 'read-local',
});
const keys = (h: History) => h.pending().map((e) => e.idempotencyKey);

test('Ranges merges overlapping and adjacent ranges and finds members at the edges', () => {
  const r = new Ranges([
    [10, 12],
    [3, 5],
    [6, 7],
    [11, 20],
    [30, 29],
  ]);
  assert.deepEqual(r.list(), [
    [3, 7],
    [10, 20],
  ]);
  for (const i of [3, 5, 6, 7, 10, 15, 20]) assert.equal(r.has(i), true, `${i}`);
  for (const i of [1, 2, 8, 9, 21, 29, 30]) assert.equal(r.has(i), false, `${i}`);
  assert.equal(new Ranges([]).empty, true);
});

test('a jump hides what the guest did but not the queued work; a revert hides both', () => {
  const h = new History(log(create, queued('q'), invoked('a'), call(), { kind: 'jump', start: 2, end: 4 }));
  assert.equal(h.hides(h.entries[1]!), false, 'the queued entry survives the jump');
  assert.equal(h.hides(h.entries[2]!), true);
  assert.equal(h.hides(h.entries[3]!), true);
  const r = new History(log(create, queued('q'), invoked('a'), { kind: 'revert', start: 2, end: 3 }));
  assert.equal(r.hides(r.entries[1]!), true);
  assert.equal(r.hides(r.entries[2]!), true);
  assert.deepEqual(
    r.kept().map((e) => e.index),
    [1, 4],
  );
});

test('pending: queued and not started, not cancelled, in queue order', () => {
  const h = new History(
    log(
      create,
      queued('a'),
      queued('b'),
      queued('c'),
      invoked('a'),
      completed('a'),
      { kind: 'cancel-pending-invocation', idempotencyKey: 'c' },
      queued('d', 5000),
    ),
  );
  assert.deepEqual(keys(h), ['b', 'd']);
  assert.equal(h.pending()[1]!.scheduledAt, 5000);
});

test('a revert over queued work removes it; over its start or its cancel, it does not queue it again (Golem)', () => {
  // Queued then reverted: gone.
  assert.deepEqual(keys(new History(log(create, queued('a'), { kind: 'revert', start: 2, end: 2 }))), []);
  // Queued before the revert, started inside it: the run's effects are undone, the run is not queued again.
  const started = new History(log(create, queued('a'), invoked('a'), completed('a'), { kind: 'revert', start: 3, end: 4 }));
  assert.deepEqual(keys(started), []);
  assert.equal(started.invocation('a')?.state, 'reverted');
  // A cancel inside the reverted range still cancels.
  const cancelled = new History(
    log(create, queued('a'), { kind: 'cancel-pending-invocation', idempotencyKey: 'a' }, { kind: 'revert', start: 3, end: 3 }),
  );
  assert.deepEqual(keys(cancelled), []);
  assert.equal(cancelled.invocation('a')?.state, 'cancelled');
  // A jump over the queued entry and the cancel leaves both: still cancelled.
  assert.deepEqual(
    keys(
      new History(log(create, queued('a'), { kind: 'cancel-pending-invocation', idempotencyKey: 'a' }, { kind: 'jump', start: 2, end: 3 })),
    ),
    [],
  );
});

test('invocation: where one key stands, through retries, failure, cancel and revert', () => {
  const e = log(create, invoked('a'), completed('a', 42), queued('b'), invoked('c'), {
    kind: 'error',
    error: 'trap',
    idempotencyKey: 'c',
    attempt: 1,
    retryAt: 9999,
  });
  assert.deepEqual(new History(e).invocation('a'), { key: 'a', state: 'finished', functionName: 'api.add', result: 42 });
  const b = new History(e).invocation('b');
  assert.equal(b?.state, 'pending');
  assert.equal(b?.queued?.index, 4);
  assert.equal(new History(e).invocation('c')?.state, 'retrying');
  assert.equal(
    new History(
      [...e, ...log(invoked('c'), { kind: 'error', error: 'final', idempotencyKey: 'c' })].map((x, i) => ({ ...x, index: i + 1 })),
    ).invocation('c')?.state,
    'failed',
  );
  assert.equal(
    new History(log(queued('x'), { kind: 'cancel-pending-invocation', idempotencyKey: 'x' })).invocation('x')?.state,
    'cancelled',
  );
  assert.equal(new History(log(invoked('x'), { kind: 'exited', code: 1, idempotencyKey: 'x' })).invocation('x')?.state, 'exited');
  assert.equal(new History(e).invocation('nope'), undefined);
  // Reverted: the completion is gone, the invocation never happened.
  assert.equal(new History(log(create, invoked('a'), completed('a'), { kind: 'revert', start: 2, end: 3 })).invocation('a'), undefined);
});

test('status follows the newest lifecycle entry; after a revert, how the kept history ended', () => {
  const st = (...b: OplogEntryBody[]) => new History(log(...b)).status();
  assert.deepEqual(st(create), { status: 'idle' });
  assert.deepEqual(st(create, invoked('a')), { status: 'running' });
  assert.deepEqual(st(create, invoked('a'), call(), completed('a')), { status: 'idle' });
  assert.deepEqual(st(create, invoked('a'), { kind: 'error', error: 'x', retryAt: 5 }), { status: 'retrying', error: 'x' });
  assert.deepEqual(st(create, invoked('a'), { kind: 'error', error: 'x' }), { status: 'failed', error: 'x' });
  assert.deepEqual(st(create, invoked('a'), { kind: 'interrupted', reason: 'kill' }), { status: 'interrupted' });
  assert.deepEqual(st(create, invoked('a'), { kind: 'suspend', until: 5 }), { status: 'suspended' });
  assert.deepEqual(st(create, invoked('a'), { kind: 'exited', code: 0 }), { status: 'exited' });
  // Reverted back into the middle of invocation a: its instance is gone, so it was interrupted.
  assert.deepEqual(st(create, invoked('a'), call(), completed('a'), { kind: 'revert', start: 4, end: 4 }), { status: 'interrupted' });
  // Reverted back over a failure: the kept history ended in a completion.
  assert.deepEqual(
    st(create, invoked('a'), completed('a'), invoked('b'), { kind: 'error', error: 'x' }, { kind: 'revert', start: 4, end: 5 }),
    { status: 'idle' },
  );
  // A retry error before the revert's range counts as the failure it was then.
  assert.deepEqual(
    st(create, invoked('a'), { kind: 'error', error: 'x', retryAt: 5 }, invoked('a'), { kind: 'revert', start: 4, end: 4 }),
    { status: 'failed', error: 'x' },
  );
  // Only what the store's index seeks give (the newest lifecycle entry and the outcome before the revert) is enough.
  const full = log(create, invoked('a'), call(), completed('a'), invoked('b'), call(), { kind: 'revert', start: 5, end: 6 });
  assert.deepEqual(new History([full[3]!, full[6]!]).status(), new History(full).status());
});

test('open atomic region: the first begun, never ended and kept; none while suspended', () => {
  const begin: OplogEntryBody = { kind: 'begin-atomic-region' };
  assert.equal(new History(log(create, invoked('a'), begin, call())).openAtomicRegion(), 3);
  assert.equal(
    new History(log(create, invoked('a'), begin, call(), { kind: 'end-atomic-region', beginIndex: 3 })).openAtomicRegion(),
    undefined,
  );
  assert.equal(new History(log(create, invoked('a'), begin, { kind: 'suspend', until: 9 })).openAtomicRegion(), undefined);
  // Already re-executed: the first region is hidden by its jump, the second is open.
  assert.equal(new History(log(create, invoked('a'), begin, call(), { kind: 'jump', start: 3, end: 4 }, begin)).openAtomicRegion(), 6);
  // Reverted away: nothing to re-execute.
  assert.equal(new History(log(create, invoked('a'), begin, { kind: 'revert', start: 2, end: 3 })).openAtomicRegion(), undefined);
});

test('usable snapshot: the newest at or before upTo that no jump or revert hides', () => {
  const snap = (callSeq: number): OplogEntryBody => ({ kind: 'snapshot', data: 'AA==', callSeq });
  const e = log(create, snap(1), invoked('a'), snap(2), completed('a'), snap(3), { kind: 'revert', start: 6, end: 6 });
  const h = new History(e);
  assert.equal(h.usableSnapshot()?.index, 4);
  assert.equal(h.usableSnapshot(3)?.index, 2);
  assert.equal(h.usableSnapshot(1), undefined);
  // Read one at a time (the thread's way over a long log): the same answer.
  const seek = (i: number) => [...e].reverse().find((x) => x.kind === 'snapshot' && x.index <= i);
  const drops = new History(e.filter((x) => x.kind === 'revert' || x.kind === 'jump'));
  assert.equal(drops.usableSnapshot(Number.MAX_SAFE_INTEGER, seek)?.index, 4);
  assert.equal(drops.usableSnapshot(3, seek)?.index, 2);
});

test('invocations: the started ones still in the history', () => {
  const h = new History(
    log(create, invoked('a'), completed('a'), invoked('b'), completed('b'), invoked('c'), { kind: 'revert', start: 4, end: 6 }),
  );
  assert.deepEqual(
    h.invocations().map((e) => e.idempotencyKey),
    ['a'],
  );
});
