'use client';

// The guest's linear memory at this stop: one square per 64 KiB page, the
// pages written since the previous stop lit up; click one for a hex view
// (offset, bytes, ASCII). Opening a page is one debugger command that skips
// its all-zero 4 KiB reads on the server, and the view starts at the first
// non-zero line: a page never opens on zeros.

import { useState } from 'react';
import type { DebugState } from './types';
import { plural } from '../ui/plural';

const SHOWN = 512;
/** Bytes per hex line: 8 fit the debugger's 440 px column with their ASCII (16 were cut off at the right). */
const PER_LINE = 8;

function hexRows(offset: number, hex: string): { offset: number; hex: string; ascii: string; zero: boolean }[] {
  const rows = [];
  for (let i = 0; i * PER_LINE * 2 < hex.length; i++) {
    const h = hex.slice(i * PER_LINE * 2, (i + 1) * PER_LINE * 2);
    const bytes = h.match(/../g) ?? [];
    rows.push({
      offset: offset + i * PER_LINE,
      hex: bytes.join(' '),
      ascii: bytes
        .map((b) => {
          const c = parseInt(b, 16);
          return c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : '.';
        })
        .join(''),
      zero: /^0*$/.test(h),
    });
  }
  return rows;
}

export function MemoryMap({ state, onRead }: { state: DebugState; onRead: (offset: number) => Promise<unknown> }) {
  const m = state.memory;
  const view = state.memoryView;
  const rows = view ? hexRows(view.offset, view.hex) : [];
  const first = rows.findIndex((r) => !r.zero);
  // A page asked for and not shown yet (said on the section, so a user or a test can tell).
  const [seekingNow, setSeeking] = useState(false);
  const skipped = view ? view.offset - view.from : 0;
  if (!m) return null;
  const open = (offset: number) => {
    setSeeking(true);
    void onRead(offset).finally(() => setSeeking(false));
  };
  const changed = new Set(m.changed);
  // All zero: one line says so rather than an empty box.
  const shown = first < 0 ? rows.slice(0, 1) : rows.slice(first);
  const firstChanged = m.changed[0];
  return (
    <section
      className="border-t border-zinc-200 px-3 py-2 dark:border-zinc-800"
      data-testid="memory-map"
      data-seeking={seekingNow ? 'true' : 'false'}
    >
      <h3 className="mb-1 flex items-baseline justify-between gap-2 text-xs font-semibold uppercase tracking-wide text-zinc-600 dark:text-zinc-400">
        Linear memory
        <span className="font-normal normal-case tracking-normal">
          {plural(m.pages, 'page')} × 64 KiB · <span className="text-amber-700 dark:text-amber-400">{m.changed.length} changed</span> since
          the last stop
        </span>
      </h3>
      <div className="flex flex-wrap gap-px">
        {Array.from({ length: Math.min(m.pages, SHOWN) }, (_, p) => (
          <button
            key={p}
            type="button"
            aria-label={`page ${p}${changed.has(p) ? ', changed' : ''}: show its bytes`}
            title={`page ${p} (0x${(p * m.pageSize).toString(16)})${changed.has(p) ? ' — changed' : ''}`}
            onClick={() => open(p * m.pageSize)}
            data-testid={changed.has(p) ? 'page-changed' : 'page'}
            className={`h-2.5 w-2.5 rounded-[1px] ${changed.has(p) ? 'bg-amber-500' : 'bg-zinc-300 dark:bg-zinc-700'} hover:outline hover:outline-1 hover:outline-indigo-500`}
          />
        ))}
      </div>
      {!view && firstChanged !== undefined && (
        <button
          type="button"
          className="mt-1.5 text-xs text-indigo-700 underline dark:text-indigo-400"
          data-testid="memory-open-changed"
          onClick={() => open(firstChanged * m.pageSize)}
        >
          Show the bytes of page {firstChanged} (changed)
        </button>
      )}
      {view && (
        <div className="mt-2">
          <p className="mb-1 text-[11px] text-zinc-600 dark:text-zinc-400" data-testid="memory-hex-caption">
            0x{view.offset.toString(16)}…0x{(view.offset + view.hex.length / 2).toString(16)}
            {skipped + Math.max(0, first) * PER_LINE > 0
              ? ` · ${(skipped + Math.max(0, first) * PER_LINE).toLocaleString('en')} zero bytes skipped`
              : ''}
            {first < 0 ? (skipped > 0 ? ' · the whole page is zero' : ' · all zero') : ''}
          </p>
          {shown.length > 0 && (
            <pre
              className="max-h-48 overflow-auto rounded bg-zinc-50 p-2 font-mono text-[11px] leading-4 text-zinc-800 dark:bg-zinc-950 dark:text-zinc-200"
              data-testid="memory-hex"
            >
              {shown.map((r) => `${r.offset.toString(16).padStart(8, '0')}  ${r.hex.padEnd(PER_LINE * 3 - 1)}  |${r.ascii}|`).join('\n')}
            </pre>
          )}
        </div>
      )}
    </section>
  );
}
