// golem:api/context@1.5.0: the invocation context (a trace and its spans) as
// Golem gives it to a guest. Minimal and faithful to what a guest can observe:
// each invocation has a trace id and a root span; start-span opens a child of
// the current span (its id and start time are recorded, so replay gives the
// same ones); attributes live in memory and come back because replay sets them
// again. The trace and root span ids are derived from the worker and the
// invocation's idempotency key, the same on every replay.

import { createHash } from 'node:crypto';
import type { HostContext } from './context';
import type { HostFunction } from './functions';

type Datetime = { seconds: bigint; nanoseconds: number };
type AttributeValue = { tag: 'string'; val: string };
type Attribute = { key: string; value: AttributeValue };

export const START_SPAN = 'golem:api/context.start-span' satisfies HostFunction;

interface SpanState {
  spanId: string;
  startedAt: Datetime;
  parent?: SpanState;
  attributes: Map<string, AttributeValue>;
  finished: boolean;
}

const hex = (s: string, chars: number) => createHash('sha256').update(s).digest('hex').slice(0, chars);

/** An invocation's trace id: the same on every replay (golem:api/oplog reports it too). */
export const traceIdOf = (workerId: string, idempotencyKey: string) => hex(`trace\n${workerId}\n${idempotencyKey}`, 32);

export function golemContextImports(ctx: HostContext) {
  let invocation: string | undefined;
  let traceId = '';
  let current: SpanState | undefined;
  let forwarding = true;

  /** The root span of the running invocation (a new one when a new invocation started). */
  function top(): SpanState {
    if (invocation !== ctx.invocationKey || !current) {
      invocation = ctx.invocationKey;
      traceId = traceIdOf(ctx.workerId, invocation);
      current = { spanId: hex(`span\n${traceId}`, 16), startedAt: { seconds: 0n, nanoseconds: 0 }, attributes: new Map(), finished: false };
    }
    return current;
  }

  class Span {
    constructor(readonly state: SpanState) {}
    startedAt(): Datetime {
      return this.state.startedAt;
    }
    setAttribute(name: string, value: AttributeValue): void {
      this.state.attributes.set(name, value);
    }
    setAttributes(attributes: Attribute[]): void {
      for (const a of attributes) this.state.attributes.set(a.key, a.value);
    }
    finish(): void {
      this.state.finished = true;
      // Finishing the current span makes its parent current again.
      if (current === this.state && this.state.parent) current = this.state.parent;
    }
  }

  const chain = (s: SpanState | undefined): SpanState[] => (s ? [s, ...chain(s.parent)] : []);

  class InvocationContext {
    constructor(
      private readonly span: SpanState,
      private readonly trace: string,
    ) {}
    traceId(): string {
      return this.trace;
    }
    spanId(): string {
      return this.span.spanId;
    }
    parent(): InvocationContext | undefined {
      return this.span.parent ? new InvocationContext(this.span.parent, this.trace) : undefined;
    }
    getAttribute(key: string, inherited: boolean): AttributeValue | undefined {
      for (const s of inherited ? chain(this.span) : [this.span]) {
        const v = s.attributes.get(key);
        if (v) return v;
      }
      return undefined;
    }
    getAttributes(inherited: boolean): Attribute[] {
      const seen = new Map<string, AttributeValue>();
      for (const s of inherited ? chain(this.span) : [this.span]) for (const [k, v] of s.attributes) if (!seen.has(k)) seen.set(k, v);
      return [...seen].map(([key, value]) => ({ key, value }));
    }
    getAttributeChain(key: string): AttributeValue[] {
      return chain(this.span).flatMap((s) => (s.attributes.has(key) ? [s.attributes.get(key)!] : []));
    }
    getAttributeChains(): { key: string; values: AttributeValue[] }[] {
      const keys = [...new Set(chain(this.span).flatMap((s) => [...s.attributes.keys()]))];
      return keys.map((key) => ({ key, values: this.getAttributeChain(key) }));
    }
    /** W3C trace context, as Golem forwards it on outgoing HTTP. */
    traceContextHeaders(): [string, string][] {
      return [['traceparent', `00-${this.trace}-${this.span.spanId}-01`]];
    }
  }

  const context = {
    Span,
    InvocationContext,
    startSpan: (name: string): Span => {
      const parent = top();
      const { spanId, startedAt } = ctx.durable(START_SPAN, 'read-local', name, () => {
        const ms = Date.now();
        return {
          spanId: hex(`${name}\n${Math.random()}\n${process.hrtime.bigint()}`, 16),
          startedAt: { seconds: BigInt(Math.floor(ms / 1000)), nanoseconds: (ms % 1000) * 1e6 },
        };
      });
      current = { spanId, startedAt, parent, attributes: new Map([['name', { tag: 'string', val: name }]]), finished: false };
      return new Span(current);
    },
    currentContext: (): InvocationContext => new InvocationContext(top(), traceId),
    allowForwardingTraceContextHeaders: (allow: boolean): boolean => {
      const before = forwarding;
      forwarding = allow;
      return before;
    },
  };
  // The interface is the same at 1.1.7, 1.3.0 and 1.5.0 (test/golem-wit.test.ts checks each).
  return { 'golem:api/context@1.1.7': context, 'golem:api/context@1.3.0': context, 'golem:api/context@1.5.0': context };
}
