// What the timeline asks the API for: its filter as a query, and a range of
// entries fetched back in large pages.

import type { OplogQuery } from '@/lib/api/types';
import type { OplogEntry, OplogKind } from '@/lib/oplog/entry';
import { workerClientAt } from '../api';

/** Home and a kept selection load everything back to their entry, up to this many entries. */
const BACKFILL_MAX = 100_000;
const BACKFILL_PAGE = 10_000;

export interface Filter {
  kinds: OplogKind[];
  text: string;
}

export function matches(e: OplogEntry, f: Filter): boolean {
  if (f.kinds.length > 0 && !f.kinds.includes(e.kind)) return false;
  if (!f.text) return true;
  const t = f.text.toLowerCase();
  return e.kind.includes(t) || JSON.stringify(e).toLowerCase().includes(t);
}

/** The filter as the oplog route's query (empty parts are left out of the URL). */
export const filterQuery = (f: Filter): Pick<OplogQuery, 'kinds' | 'text'> => ({ kinds: f.kinds, text: f.text });

/** Entries from..to (ascending) of the current filter, fetched newest first in large pages; null when there are too many. */
export async function backfill(
  base: string,
  query: Pick<OplogQuery, 'kinds' | 'text'>,
  from: number,
  to: number,
): Promise<{ entries: OplogEntry[]; hasOlder: boolean } | null> {
  if (to < from) return { entries: [], hasOlder: from > 1 };
  if (to - from + 1 > BACKFILL_MAX) return null;
  const chunks: OplogEntry[][] = [];
  let upTo = to;
  for (;;) {
    const r = await workerClientAt(base).oplog({ ...query, reverse: true, limit: BACKFILL_PAGE, from, to: upTo });
    chunks.unshift(r.entries.reverse());
    const oldest = r.entries[0];
    if (!oldest || r.entries.length < BACKFILL_PAGE) break;
    upTo = oldest.index - 1;
    if (upTo < from) break;
  }
  return { entries: chunks.flat(), hasOlder: from > 1 };
}
