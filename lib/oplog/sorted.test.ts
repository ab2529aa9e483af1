import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countAtOrBefore, positionOf } from './sorted';

const at = (n: number) => n;
// Gaps (a dropped range) and a repeat, as in a filtered entry list.
const keys = [1, 2, 5, 9, 9, 12];

test('countAtOrBefore counts the keys at or before x, on both sides of gaps and repeats', () => {
  const expected = (x: number) => keys.filter((k) => k <= x).length;
  for (let x = -1; x <= 14; x++) assert.equal(countAtOrBefore(keys, at, x), expected(x), `x=${x}`);
  assert.equal(countAtOrBefore([], at, 3), 0);
});

test('positionOf finds a present key and answers -1 for a gap, before the first and after the last', () => {
  assert.equal(positionOf(keys, at, 1), 0);
  assert.equal(positionOf(keys, at, 5), 2);
  assert.equal(positionOf(keys, at, 12), 5);
  assert.equal(keys[positionOf(keys, at, 9)], 9);
  for (const x of [0, 3, 10, 13]) assert.equal(positionOf(keys, at, x), -1, `x=${x}`);
  assert.equal(positionOf([], at, 1), -1);
  assert.equal(
    positionOf([{ start: 4 }], (s) => s.start, 4),
    0,
  );
});
