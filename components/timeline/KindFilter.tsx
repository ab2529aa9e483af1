'use client';
// The timeline's kind filter: a drop-down of checkboxes, one per entry kind.

import { useEffect, useRef, useState } from 'react';
import type { OplogKind } from '@/lib/oplog/entry';
import { OPLOG_KINDS } from '@/lib/oplog/kinds';
import { KindChip } from './EntryRow';
import { kindStyle } from './kinds';
import { plural } from '../ui/plural';

export function KindFilter({ kinds, onChange }: { kinds: OplogKind[]; onChange: (k: OplogKind[]) => void }) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => !ref.current?.contains(e.target as Node) && setOpen(false);
    const esc = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setOpen(false);
      ref.current?.querySelector<HTMLButtonElement>('[data-testid=kind-filter]')?.focus();
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', esc);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', esc);
    };
  }, [open]);
  return (
    <div className="relative" ref={ref}>
      <button
        type="button"
        data-testid="kind-filter"
        onClick={() => setOpen(!open)}
        aria-expanded={open}
        className="h-7 shrink-0 rounded-md border border-zinc-300 px-2 text-xs text-zinc-700 hover:bg-zinc-50 dark:border-zinc-700 dark:text-zinc-200 dark:hover:bg-zinc-800"
      >
        {kinds.length === 0 ? 'All kinds' : plural(kinds.length, 'kind')} ▾
      </button>
      {open && (
        <div className="absolute left-0 top-8 z-20 max-h-80 w-64 overflow-auto rounded-md border border-zinc-200 bg-white p-1 shadow-lg dark:border-zinc-700 dark:bg-zinc-900">
          <button
            type="button"
            className="w-full rounded px-2 py-1 text-left text-xs text-indigo-600 hover:bg-zinc-100 dark:text-indigo-400 dark:hover:bg-zinc-800"
            onClick={() => onChange([])}
          >
            Show all kinds
          </button>
          {OPLOG_KINDS.map((k) => (
            <label
              key={k}
              title={k}
              className="flex cursor-pointer items-center gap-2 rounded px-2 py-1 text-xs hover:bg-zinc-100 dark:hover:bg-zinc-800"
            >
              <input
                type="checkbox"
                data-testid={`kind-${k}`}
                checked={kinds.includes(k)}
                onChange={(e) => onChange(e.target.checked ? [...kinds, k] : kinds.filter((x) => x !== k))}
              />
              <KindChip kind={k} small />
              {/* The same chip and words as the rows'. */}
              <span className="font-mono">{kindStyle(k).label}</span>
            </label>
          ))}
        </div>
      )}
    </div>
  );
}
