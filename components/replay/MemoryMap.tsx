'use client';

// The guest's linear memory at this stop: one square per 64 KiB page, the
// pages written since the previous stop lit up; click one for a hex view.

import type { DebugState } from './types';

const SHOWN = 512;

export function MemoryMap({ state, onRead }: { state: DebugState; onRead: (offset: number, length: number) => void }) {
  const m = state.memory;
  if (!m) return null;
  const changed = new Set(m.changed);
  const view = state.memoryView;
  const rows = view ? view.hex.match(/.{1,32}/g) ?? [] : [];
  return (
    <section className="border-t border-zinc-200 px-3 py-2 dark:border-zinc-800" data-testid="memory-map">
      <h3 className="mb-1 flex items-baseline justify-between text-xs font-semibold uppercase tracking-wide text-zinc-500">
        Linear memory
        <span className="font-normal normal-case tracking-normal">
          {m.pages} pages × 64 KiB · <span className="text-amber-600 dark:text-amber-400">{m.changed.length} changed</span> since the last stop
        </span>
      </h3>
      <div className="flex flex-wrap gap-px">
        {Array.from({ length: Math.min(m.pages, SHOWN) }, (_, p) => (
          <button
            key={p}
            type="button"
            title={`page ${p} (0x${(p * m.pageSize).toString(16)})${changed.has(p) ? ' — changed' : ''}`}
            onClick={() => onRead(p * m.pageSize, 256)}
            data-testid={changed.has(p) ? 'page-changed' : 'page'}
            className={`h-2.5 w-2.5 rounded-[1px] ${changed.has(p) ? 'bg-amber-500' : 'bg-zinc-200 dark:bg-zinc-700'} hover:outline hover:outline-1 hover:outline-indigo-500`}
          />
        ))}
      </div>
      {view && (
        <pre className="mt-2 overflow-x-auto rounded bg-zinc-50 p-2 font-mono text-[11px] leading-4 dark:bg-zinc-950" data-testid="memory-hex">
          {rows.map((r, i) => `${(view.offset + i * 16).toString(16).padStart(8, '0')}  ${r.replace(/(..)/g, '$1 ')}`).join('\n')}
        </pre>
      )}
    </section>
  );
}
