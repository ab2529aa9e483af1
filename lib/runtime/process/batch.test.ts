import { test } from 'node:test';
import assert from 'node:assert/strict';
import { batching, unbatch, type Batch } from './batch';

test('messages posted in one turn of the event loop go as one, in order; a lone one goes bare', async () => {
  const sent: (number | Batch<number>)[] = [];
  const post = batching<number>((m) => sent.push(m));
  post(1);
  post(2);
  post(3);
  assert.deepEqual(sent, [], 'nothing is sent before the turn ends');
  await new Promise((r) => setImmediate(r));
  post(4);
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(sent, [{ batch: [1, 2, 3] }, 4]);
  // What the receiver reads back: objects, as the IPC messages are.
  const objs = [{ batch: [{ id: 1 }, { id: 2 }] }, { id: 3 }];
  assert.deepEqual(
    objs.flatMap((m) => unbatch<{ id: number }>(m)),
    [{ id: 1 }, { id: 2 }, { id: 3 }],
  );
});

test('with two turns, what is posted in a turn and in the check phase after it goes as one message', async () => {
  const sent: (number | Batch<number>)[] = [];
  const post = batching<number>((m) => sent.push(m), 2);
  post(1); // a thread's message arrived: the worker is running
  setImmediate(() => post(2)); // the group commit ran: its entries, then the reply
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(sent, [], 'nothing is sent in the first turn');
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(sent, [{ batch: [1, 2] }]);
});
