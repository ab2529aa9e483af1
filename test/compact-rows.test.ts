// The compact view's rows are found by position without building the list
// (components/timeline/compact/rows.ts): they must be exactly the invocations
// in order, each expanded one followed by its host calls (at most CALLS_SHOWN,
// then a "more" row), and the longest duration must follow appended and ended spans.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CALLS_SHOWN, compactRows, Longest } from '../components/timeline/compact/rows';
import type { InvocationModel, InvocationSpan } from '../lib/oplog/invocations';

function span(start: number, calls: number, ms?: number): InvocationSpan {
  return {
    key: `k${start}`,
    functionName: 'f',
    start,
    startedAt: 1000 * start,
    interruptions: [],
    calls: Array.from({ length: calls }, (_, i) => [start + i + 1, 0, 1000 * start + i] as [number, number, number]),
    ...(ms === undefined ? {} : { end: start + calls + 1, endedAt: 1000 * start + ms, outcome: 'completed' as const }),
  };
}

/** What the list shows, spelt out the slow way. */
function naive(model: InvocationModel, expanded: Set<number>): string[] {
  const out: string[] = [];
  for (const s of model.spans) {
    out.push(`span ${s.start}`);
    if (!expanded.has(s.start)) continue;
    s.calls.slice(0, CALLS_SHOWN).forEach((c) => out.push(`call ${c[0]}`));
    if (s.calls.length > CALLS_SHOWN) out.push(`more ${s.calls.length - CALLS_SHOWN}`);
  }
  return out;
}

test('rows by position: the invocations, each expanded one with its calls, in order', () => {
  const model: InvocationModel = {
    spans: [span(1, 2, 5), span(10, 0, 3), span(20, CALLS_SHOWN + 7, 9), span(500, 3, 1), span(600, 1)],
    functions: ['f'],
    lastIndex: 700,
  };
  for (const expanded of [new Set<number>(), new Set([1]), new Set([20, 500]), new Set([1, 10, 20, 500, 600]), new Set([999])]) {
    const rows = compactRows(model, expanded);
    const seen = Array.from({ length: rows.count }, (_, i) => {
      const r = rows.at(i);
      return r.type === 'span' ? `span ${r.span.start}` : r.type === 'call' ? `call ${r.call[0]}` : `more ${r.hidden}`;
    });
    assert.deepEqual(seen, naive(model, expanded), `expanded ${[...expanded]}`);
  }
});

test('the longest span follows spans appended and ended, and a running one as of now', () => {
  const model: InvocationModel = { spans: [span(1, 0, 50), span(2, 0)], functions: [], lastIndex: 2 };
  const longest = new Longest();
  assert.equal(longest.of(model, 2000 + 10), 50, 'the running one has run 10 ms');
  assert.equal(longest.of(model, 2000 + 80), 80, 'now 80 ms');
  model.spans[1] = { ...model.spans[1]!, end: 3, endedAt: 2000 + 30, outcome: 'completed' };
  model.spans.push(span(4, 0, 20));
  assert.equal(longest.of(model, 9e9), 50, 'it ended after 30 ms: the first is the longest again');
  model.spans.push(span(5, 0, 70));
  assert.equal(longest.of(model, 9e9), 70);
  assert.equal(new Longest().of({ spans: [], functions: [], lastIndex: 0 }, 0), 1, 'nothing yet: bars are drawn against 1 ms');
});
