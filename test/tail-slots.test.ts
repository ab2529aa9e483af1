// A list following its tail renders the rows of its end without reading the
// scroll position (components/timeline/EntryRow.tsx tailSlots): they must cover
// everything a view of that height shows when scrolled to the end, in order,
// each at its virtual position, and not many more.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ROW, tailSlots } from '../components/timeline/EntryRow';

test('the tail slots cover the view scrolled to its end, contiguous and at their positions', () => {
  for (const count of [0, 1, 5, 17, 18, 19, 500, 100_000])
    for (const height of [1, 27, 28, 29, 500, 504, 1440])
      for (const overscan of [0, 12]) {
        const slots = tailSlots(count, height, overscan);
        if (count === 0) {
          assert.deepEqual(slots, []);
          continue;
        }
        const total = count * ROW;
        // What the scrolled-to-the-end view shows: [max(0, total - height), total).
        const top = Math.max(0, total - height);
        const first = slots[0]!;
        const last = slots.at(-1)!;
        assert.equal(last.index, count - 1);
        assert.ok(first.start <= top, `count ${count} height ${height}: first row at ${first.start} leaves ${top} uncovered`);
        slots.forEach((s, i) => {
          assert.equal(s.index, first.index + i);
          assert.equal(s.start, s.index * ROW);
        });
        assert.ok(slots.length <= Math.ceil(height / ROW) + 2 + overscan, `${slots.length} rows for a view of ${height}px`);
      }
});
