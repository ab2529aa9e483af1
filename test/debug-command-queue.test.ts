// The debugger page's command queue (components/replay/command-queue.ts): what
// the "N queued" slot and the busy label are told.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commandQueue } from '../components/replay/command-queue';

function page() {
  const seen = { live: true, waiting: 0, busy: null as string | null, ran: [] as string[], errors: [] as string[] };
  const enqueue = commandQueue({
    live: () => seen.live,
    waiting: (n) => (seen.waiting = n),
    started: (label) => (seen.busy = label),
    failed: (e) => seen.errors.push(String(e)),
    idle: () => (seen.busy = null),
  });
  return { seen, enqueue };
}

function held() {
  let release!: () => void;
  const done = new Promise<void>((r) => (release = r));
  return { done, release };
}

test('commands run in order, one at a time; the count shows those waiting behind the one running', async () => {
  const { seen, enqueue } = page();
  const a = held();
  const ran = [enqueue('a', () => a.done.then(() => seen.ran.push('a'))), enqueue('b', async () => seen.ran.push('b'))];
  ran.push(enqueue('c', () => Promise.reject(new Error('c broke'))));
  await Promise.resolve();
  assert.equal(seen.busy, 'a');
  assert.equal(seen.waiting, 2, 'b and c wait behind a');
  a.release();
  await Promise.all(ran);
  assert.deepEqual(seen.ran, ['a', 'b']);
  assert.deepEqual(seen.errors, ['Error: c broke'], 'a failing command is shown and the queue goes on');
  assert.equal(seen.waiting, 0);
  assert.equal(seen.busy, null);
});

test('a command whose turn comes after the page went away runs nothing and still leaves the count', async () => {
  const { seen, enqueue } = page();
  const a = held();
  const first = enqueue('a', () => a.done);
  const second = enqueue('b', async () => seen.ran.push('b'));
  await Promise.resolve();
  assert.equal(seen.waiting, 1);
  seen.live = false;
  a.release();
  await Promise.all([first, second]);
  assert.deepEqual(seen.ran, [], 'b did not run for a page that is gone');
  // The page is shown again (the session restarts when the history changed): the queue is empty.
  seen.live = true;
  const c = held();
  const third = enqueue('c', () => c.done);
  await Promise.resolve();
  assert.equal(seen.waiting, 0, 'nothing waits behind c');
  assert.equal(seen.busy, 'c');
  c.release();
  await third;
  assert.equal(seen.busy, null, 'the busy label clears when c is done');
});
