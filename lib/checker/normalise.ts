// What legitimately differs between two runs of one script, taken out before
// they are compared: each run has a worker of its own (its name shows up in
// metadata, RPC targets, request bodies), and a promise id is the oplog index
// of its creation, which a kill before the creation shifts (the `interrupted`
// entry takes an index). The worker's name becomes `{worker}` on both sides;
// a run's k-th promise id becomes the baseline's k-th (only where they differ).

import type { OplogEntry } from '../oplog/entry';
import { CREATE_PROMISE } from '../host/functions';
import { History } from '../oplog/history';
import { WORKER_PLACEHOLDER } from './placeholders';

export type Normalise = (text: string) => string;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Indices of the promises the worker created, in creation order (entries a revert or jump hides left out). */
export function promiseIds(entries: OplogEntry[]): number[] {
  const h = new History(entries);
  return entries
    .filter((e) => e.kind === 'imported-function-invoked' && e.functionName === CREATE_PROMISE && !h.hides(e))
    .map((e) => e.index);
}

export function normaliser(workerName: string, own: number[] = [], baseline: number[] = own): Normalise {
  // Not followed by a digit: run "abc-1" must not match inside "abc-12".
  const name = new RegExp(`${escape(workerName)}(?![0-9])`, 'g');
  // A number on its own, not part of a word, a decimal or base64 ("eyJhcHByb3ZlZCI6…" holds a 6).
  const moved = own.flatMap((id, k) =>
    baseline[k] !== undefined && baseline[k] !== id
      ? [[new RegExp(`(?<![\\w.+/])${id}(?![\\w.])`, 'g'), String(baseline[k])] as const]
      : [],
  );
  return (text) => moved.reduce((t, [re, to]) => t.replace(re, to), text.replace(name, WORKER_PLACEHOLDER));
}
