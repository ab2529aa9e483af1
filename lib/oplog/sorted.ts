// Lists kept in oplog-index order (entries by `index`, invocation spans by
// `start`) are searched by halving; the one search lives here.

/** How many items have a key ≤ `x`: the position just past them. Keys must not decrease along the list. */
export function countAtOrBefore<T>(items: readonly T[], key: (item: T) => number, x: number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (key(items[mid]!) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The position of the item whose key is `x`, or -1. */
export function positionOf<T>(items: readonly T[], key: (item: T) => number, x: number): number {
  const p = countAtOrBefore(items, key, x) - 1;
  return p >= 0 && key(items[p]!) === x ? p : -1;
}
