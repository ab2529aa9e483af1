// GET …/invocations folded a worker's whole history per request (about 0.7 s
// at 100,000 entries, before the compact view could draw a bar). The web app
// keeps each worker's model and folds only what was appended since. Entries
// are never changed in place, only appended; a history that got shorter, or a
// worker created anew under the same name (`generation`), is folded afresh.

import { emptyModel, foldEntries, INVOCATION_KINDS, type InvocationModel } from './invocations';
import type { OplogEntry, OplogKind } from './entry';

/** What the cache reads of the oplog store. */
export interface InvocationSource {
  length(id: string): number;
  ofKinds(id: string, kinds: readonly OplogKind[], upTo: number): OplogEntry[];
  slice(id: string, from: number, to: number): OplogEntry[];
}

interface Kept {
  generation: string;
  model: InvocationModel;
  fnIds: Map<string, number>;
}

/** Workers whose models are kept (the most recently asked for). */
const KEEP = 8;

export class InvocationCache {
  private readonly kept = new Map<string, Kept>();

  /** The model of worker `id` up to its last entry; `generation` tells a worker from an earlier one of the same id. */
  model(source: InvocationSource, id: string, generation: string): InvocationModel {
    const last = source.length(id);
    let k = this.kept.get(id);
    this.kept.delete(id);
    if (!k || k.generation !== generation || last < k.model.lastIndex) {
      const model = emptyModel();
      const fnIds = new Map<string, number>();
      foldEntries(model, source.ofKinds(id, INVOCATION_KINDS, last), fnIds);
      k = { generation, model, fnIds };
    } else if (last > k.model.lastIndex) {
      foldEntries(k.model, source.slice(id, k.model.lastIndex + 1, last), k.fnIds);
    }
    k.model.lastIndex = last;
    this.kept.set(id, k);
    for (const old of this.kept.keys()) {
      if (this.kept.size <= KEEP) break;
      this.kept.delete(old);
    }
    return k.model;
  }
}
