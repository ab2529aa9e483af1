'use client';
// The timeline's detail pane: the selected entry in full.

import type { OplogEntry } from '@/lib/oplog/entry';
import { describeEntry, payloadSnippet } from './describe';
import { EntryPayload } from './EntryPayload';
import { KindChip } from './EntryRow';

export function EntryDetail({ entry, narrow }: { entry?: OplogEntry; narrow?: boolean }) {
  return (
    <aside
      className={`flex ${narrow ? 'w-60' : 'w-80'} shrink-0 flex-col border-l border-zinc-200 dark:border-zinc-800`}
      data-testid="entry-detail"
    >
      {entry ? (
        <>
          <div className="flex items-center gap-2 border-b border-zinc-200 px-3 py-2 text-xs dark:border-zinc-800">
            <KindChip kind={entry.kind} />
            <span className="font-mono font-medium">#{entry.index}</span>
            <span className="font-mono text-zinc-600 dark:text-zinc-400">{entry.kind}</span>
          </div>
          <div className="border-b border-zinc-200 px-3 py-1.5 text-[11px] text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
            {new Date(entry.timestamp).toISOString()}
          </div>
          <EntrySummary entry={entry} />
          <EntryPayload entry={entry as unknown as { kind: string } & Record<string, unknown>} />
        </>
      ) : (
        <div className="p-4 text-xs text-zinc-500">
          Select an entry to see its full payload. Use <kbd className="rounded border px-1">↑</kbd>{' '}
          <kbd className="rounded border px-1">↓</kbd> or <kbd className="rounded border px-1">j</kbd>{' '}
          <kbd className="rounded border px-1">k</kbd> to move through the log.
        </div>
      )}
    </aside>
  );
}

/** The entry in words, and any base64 payload it carries decoded as UTF-8. */
function EntrySummary({ entry }: { entry: OplogEntry }) {
  const text = describeEntry(entry);
  const data = (entry as { data?: unknown }).data;
  return (
    <div className="space-y-1 border-b border-zinc-200 px-3 py-2 text-xs dark:border-zinc-800" data-testid="entry-summary">
      {text && <p className="break-words text-zinc-700 dark:text-zinc-200">{text}</p>}
      {typeof data === 'string' && (
        <p className="break-all font-mono text-[11px] text-zinc-500">
          data (UTF-8): <span className="text-zinc-800 dark:text-zinc-200">{payloadSnippet(data, 2000)}</span>
        </p>
      )}
    </div>
  );
}
