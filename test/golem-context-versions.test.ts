// golem:api/context at 1.1.7 and 1.3.0 (Golem's same interface as 1.5.0's,
// checked by test/golem-wit.test.ts) from JavaScript guests built against
// each: spans with attributes, the trace id of the invocation, W3C headers,
// the span start recorded; killed, the guest's memory comes back by replay.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeEngine, type TestEngine } from './helpers';

const wit = (v: string) => `package demo:ctx;
interface api {
  trace: func() -> string;
  last: func() -> string;
}
world ctx {
  import golem:api/context@${v};
  export api;
}`;

const js = (v: string) => `import { startSpan, currentContext } from 'golem:api/context@${v}';
let last = '';
export const api = {
  trace() {
    const span = startSpan('outer');
    span.setAttribute('who', { tag: 'string', val: 'ann' });
    const ctx = currentContext();
    const parent = ctx.parent();
    last = JSON.stringify({
      trace: ctx.traceId(), span: ctx.spanId(), parentSpan: parent ? parent.spanId() : null,
      who: ctx.getAttributeChain('who').map((a) => a.val), headers: ctx.traceContextHeaders(),
    });
    span.finish();
    return last;
  },
  last() { return last; },
};`;

let t: TestEngine;
before(() => {
  t = makeEngine();
});
after(() => t.close());

for (const v of ['1.1.7', '1.3.0']) {
  test(`golem:api/context@${v}: a span, its attributes and the trace id; the same after a kill`, async () => {
    const component = `ctx-${v.replaceAll('.', '-')}`;
    await t.engine.registerComponent(component, { kind: 'js', source: js(v), wit: wit(v) });
    const w = t.engine.createWorker({ component, name: 'w' });
    const got = JSON.parse((await t.engine.invoke(w.id, { function: 'demo:ctx/api.{trace}', idempotencyKey: 'k1' })).result as string) as {
      trace: string;
      span: string;
      parentSpan: string | null;
      who: string[];
      headers: [string, string][];
    };
    assert.match(got.trace, /^[0-9a-f]{32}$/);
    assert.match(got.span, /^[0-9a-f]{16}$/);
    // The new span is a child of the invocation's root span.
    assert.match(got.parentSpan ?? '', /^[0-9a-f]{16}$/);
    assert.notEqual(got.parentSpan, got.span);
    assert.deepEqual(got.who, ['ann']);
    assert.deepEqual(got.headers, [['traceparent', `00-${got.trace}-${got.span}-01`]]);
    const starts = t.engine.store
      .slice(w.id, 1)
      .filter((e) => e.kind === 'imported-function-invoked' && e.functionName === 'golem:api/context.start-span');
    assert.equal(starts.length, 1);
    await t.engine.kill(w.id);
    assert.equal((await t.engine.invoke(w.id, { function: 'demo:ctx/api.{last}' })).result, JSON.stringify(got));
  });
}
