'use client';
// stdout/stderr of a worker: the oplog's `log` entries, live.

import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { LogEntry, OplogEntry } from '@/lib/oplog/entry';
import { workerClient } from '../api';
import { formatTime } from '../timeline/kinds';
import { mergeEntries, type LiveEntries } from '../timeline/live';

type Log = OplogEntry & LogEntry;
const MAX = 2000;

export function Console({ component, name, live }: { component: string; name: string; live: LiveEntries }) {
  const [lines, setLines] = useState<Log[]>([]);
  const ref = useRef<HTMLDivElement>(null);
  const stick = useRef(true);

  useEffect(() => {
    let loaded = false;
    let buffer: OplogEntry[] = [];
    const unsubscribe = live.subscribe((batch) => {
      const logs = batch.filter((e) => e.kind === 'log');
      if (logs.length === 0) return;
      if (!loaded) buffer.push(...logs);
      else setLines((prev) => mergeEntries(prev, logs).slice(-MAX) as Log[]);
    });
    workerClient(component, name).oplog({ kinds: ['log'], reverse: true, limit: 500 })
      .then((r) => setLines(mergeEntries(r.entries.filter((e) => e.kind === 'log').reverse(), buffer) as Log[]))
      .catch(() => setLines(buffer as Log[]))
      .finally(() => {
        loaded = true;
        buffer = [];
      });
    return unsubscribe;
  }, [component, name, live]);

  useLayoutEffect(() => {
    if (stick.current && ref.current) ref.current.scrollTop = ref.current.scrollHeight;
  }, [lines]);

  return (
    <div
      ref={ref}
      data-testid="console"
      onScroll={() => {
        const el = ref.current!;
        stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 20;
      }}
      className="h-full overflow-auto bg-zinc-950 px-3 py-2 font-mono text-xs leading-5 text-zinc-200"
    >
      {lines.length === 0 ? (
        <span className="text-zinc-400">No output yet. What the worker writes to stdout and stderr shows up here.</span>
      ) : (
        lines.map((l) => (
          <div key={l.index} className="flex gap-3 whitespace-pre-wrap break-all" data-testid="console-line">
            <span className="shrink-0 text-zinc-400">{formatTime(l.timestamp)}</span>
            <LogText message={String(l.message ?? '')} stderr={l.stream === 'stderr'} />
          </div>
        ))
      )}
    </div>
  );
}

/**
 * The JavaScript runtime inside a guest (QuickJS, in Rust) reports an uncaught
 * error as a Rust panic: show the error itself, the panic text one click away.
 */
export function tidyPanic(message: string): { text: string; raw?: string } {
  const m = /thread '[^']*' panicked at [^\n]*?:(?:\d+:\d+:)?\s*([\s\S]*?)(?:\nnote: run with `RUST_BACKTRACE[\s\S]*)?$/.exec(message);
  if (!m) return { text: message.replace(/\n$/, '') };
  const why = (m[1] ?? '').trim() || 'the JavaScript runtime stopped';
  return { text: `guest error: ${why}`, raw: message };
}

export function LogText({ message, stderr }: { message: string; stderr: boolean }) {
  const { text, raw } = tidyPanic(message);
  return (
    <span className={`min-w-0 ${stderr ? 'text-red-400' : ''}`}>
      {text}
      {raw && (
        <details className="text-zinc-400">
          <summary className="cursor-pointer">runtime panic text</summary>
          {raw}
        </details>
      )}
    </span>
  );
}
