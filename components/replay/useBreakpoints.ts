'use client';
// The replay page's breakpoints, one piece of state: on entries (toggled in the
// oplog's gutter), on entry kinds and on functions, and all of them as the
// debug session's `continue` takes them.

import { useCallback, useMemo, useState } from 'react';
import type { OplogKind } from '@/lib/oplog/entry';
import type { Breakpoint } from './types';

export interface Breakpoints {
  indices: Set<number>;
  kinds: OplogKind[];
  fns: string[];
  toggleIndex: (i: number) => void;
  setKinds: (k: OplogKind[]) => void;
  setFns: (f: string[]) => void;
  /** All of them, entries in index order first. */
  list: Breakpoint[];
}

export function useBreakpoints(): Breakpoints {
  const [indices, setIndices] = useState<Set<number>>(() => new Set());
  const [kinds, setKinds] = useState<OplogKind[]>([]);
  const [fns, setFns] = useState<string[]>([]);
  const toggleIndex = useCallback((i: number) => {
    setIndices((prev) => {
      const next = new Set(prev);
      if (next.has(i)) next.delete(i);
      else next.add(i);
      return next;
    });
  }, []);
  const list = useMemo<Breakpoint[]>(
    () => [
      ...[...indices].sort((a, b) => a - b).map((index) => ({ index })),
      ...kinds.map((kind) => ({ kind })),
      ...fns.map((functionName) => ({ functionName })),
    ],
    [indices, kinds, fns],
  );
  return { indices, kinds, fns, toggleIndex, setKinds, setFns, list };
}
