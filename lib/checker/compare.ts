// A run against the baseline: the same step results, the same oplog content
// (what the guest saw and did, aligned entry by entry) and the same effects
// seen by the local services. An effect seen more often is the at-least-once
// window; anything else that differs is a durability bug.

import type { OplogEntry } from '../oplog/entry';
import { History } from '../oplog/history';
import type { ComparableEntry, Difference, Effect, StepOutcome, Verdict } from './types';
import type { Normalise } from './normalise';

const same: Normalise = (t) => t;

/** Headers that differ between two identical answers (the time it was sent). */
const VOLATILE_HEADERS = new Set(['date']);

function stripVolatile(v: unknown): unknown {
  if (Array.isArray(v)) {
    const pairs = v.every((p) => Array.isArray(p) && p.length === 2 && typeof p[0] === 'string');
    return (pairs ? v.filter((p) => !VOLATILE_HEADERS.has((p[0] as string).toLowerCase())) : v).map(stripVolatile);
  }
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, stripVolatile(x)]));
  return v;
}

const short = (v: unknown, n = 140) => {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > n ? `${s.slice(0, n)}…` : s;
};

function decodeBody(v: unknown): unknown {
  // HTTP requests carry base64 bodies: show them as text.
  if (v && typeof v === 'object' && 'body' in v && typeof (v as { body: unknown }).body === 'string') {
    const b = (v as { body: string }).body;
    const text = Buffer.from(b, 'base64').toString('utf8');
    if (/^[\x20-\x7e\s]*$/.test(text) && Buffer.from(text, 'utf8').toString('base64') === b) return { ...v, body: text };
  }
  return v;
}

/** The entries a run is compared on; runtime bookkeeping (create, interrupted, errors, pending) is left out. */
export function comparable(entries: OplogEntry[], norm = same): ComparableEntry[] {
  const history = new History(entries);
  const out: ComparableEntry[] = [];
  for (const e of entries) {
    if (history.hides(e)) continue;
    let content: unknown;
    let text: string;
    switch (e.kind) {
      case 'exported-function-invoked':
        content = [e.functionName, e.args, e.idempotencyKey];
        text = `invoked ${e.functionName}(${short(e.args).slice(1, -1)})`;
        break;
      case 'exported-function-completed':
        content = [e.idempotencyKey, e.result];
        text = `completed → ${short(e.result)}`;
        break;
      case 'imported-function-invoked': {
        const response = stripVolatile(e.response);
        content = [e.functionName, e.request, response];
        const res = response as { ok?: unknown; err?: unknown };
        text = `${e.functionName}(${e.request === null ? '' : short(decodeBody(e.request), 90)}) → ${short('ok' in res ? decodeBody(res.ok) : { err: res.err }, 90)}`;
        break;
      }
      case 'log':
        content = [e.stream, e.message];
        text = `${e.stream}: ${short(e.message.trimEnd())}`;
        break;
      case 'exited':
        content = [e.code];
        text = `exited with code ${e.code}`;
        break;
      case 'begin-atomic-region':
      case 'end-atomic-region':
      case 'begin-remote-write':
      case 'end-remote-write':
        content = [];
        text = e.kind;
        break;
      default:
        continue;
    }
    // Bodies as text, so a worker name or promise id inside one is normalised too.
    if (e.kind === 'imported-function-invoked' && norm !== same) {
      const res = stripVolatile(e.response) as { ok?: unknown };
      content = [e.functionName, decodeBody(e.request), 'ok' in res ? { ok: decodeBody(res.ok) } : res];
    }
    out.push({ index: e.index, kind: e.kind, text: norm(text), key: norm(JSON.stringify([e.kind, content])) });
  }
  return out;
}

export function output(entries: OplogEntry[], norm = same): string[] {
  const history = new History(entries);
  return entries.flatMap((e) =>
    e.kind === 'log' && !history.hides(e) ? [norm(`${e.stream === 'stderr' ? '[stderr] ' : ''}${e.message.trimEnd()}`)] : [],
  );
}

const outcomeText = (o: StepOutcome | undefined) => (!o ? 'nothing' : 'ok' in o ? short(o.ok, 300) : `error: ${short(o.error, 300)}`);

function counts(effects: Effect[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const e of effects) m.set(`${e.service} ${e.body}`, (m.get(`${e.service} ${e.body}`) ?? 0) + 1);
  return m;
}

export interface Side {
  results: StepOutcome[];
  oplog: ComparableEntry[];
  effects: Effect[];
}

/**
 * Two entries whose shortened texts read the same (the difference is past the
 * cut, e.g. a status deep in a metadata record): both contents around the
 * first character where they part, after the entry's text (which call), so
 * the report shows what differs.
 */
function whereTheyDiffer(text: string, a: string, b: string): { baseline: string; run: string } {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const from = Math.max(0, i - 60);
  const cut = (s: string) => `${text} · ${from > 0 ? '…' : ''}${s.slice(from, i + 80)}${s.length > i + 80 ? '…' : ''}`;
  return { baseline: cut(a), run: cut(b) };
}

export function compare(baseline: Side, run: Side): { verdict: Verdict; firstDifference?: Difference } {
  for (let i = 0; i < Math.max(baseline.results.length, run.results.length); i++) {
    if (JSON.stringify(baseline.results[i]) !== JSON.stringify(run.results[i])) {
      return {
        verdict: 'differs',
        firstDifference: { what: 'result', step: i, baseline: outcomeText(baseline.results[i]), run: outcomeText(run.results[i]) },
      };
    }
  }
  for (let i = 0; i < Math.max(baseline.oplog.length, run.oplog.length); i++) {
    const b = baseline.oplog[i];
    const r = run.oplog[i];
    if (b?.key !== r?.key) {
      return {
        verdict: 'differs',
        firstDifference: {
          what: 'entry',
          position: i,
          baselineIndex: b?.index,
          runIndex: r?.index,
          ...(b && r && b.text === r.text
            ? whereTheyDiffer(b.text, b.key, r.key)
            : { baseline: b?.text ?? 'nothing more', run: r?.text ?? 'nothing more' }),
        },
      };
    }
  }
  const before = counts(baseline.effects);
  const after = counts(run.effects);
  let repeated = false;
  for (const k of new Set([...before.keys(), ...after.keys()])) {
    const b = before.get(k) ?? 0;
    const a = after.get(k) ?? 0;
    if (a < b)
      return { verdict: 'differs', firstDifference: { what: 'effect', baseline: `${b} × ${short(k)}`, run: `${a} × ${short(k)}` } };
    if (a > b) repeated = true;
  }
  return { verdict: repeated ? 'repeated-effect' : 'identical' };
}
