'use client';
// stdout/stderr of a worker: the oplog's `log` entries, live. Virtualized and
// fed once a frame: thousands of lines a second stream in without re-laying
// out the page. A line that may wrap is measured; one known to fit is one line high.

import { defaultRangeExtractor, useVirtualizer, type Range, type Virtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { LogEntry, OplogEntry } from '@/lib/oplog/entry';
import { workerClient } from '../api';
import { observeHeight } from '../ui/hydrated';
import { formatTime } from '../timeline/kinds';
import { mergeEntries, type LiveEntries } from '../timeline/live';

type Log = OplogEntry & LogEntry;
const MAX = 2000;
const LINE = 20;
/** Lines above the view while stuck to the end: every live batch replaces them. */
const TAIL_OVERSCAN = 4;
/** Characters beside a line's text that take its width: the time (12), the gap and the padding (< 5), and slack for rounding. */
const BESIDE = 12 + 8;

/**
 * Whether `l` is one line in a console `fit` characters wide (0: not known yet):
 * printable ASCII, each one character of the monospace font, and no newline.
 * Other text (wide or combining characters, a panic's details) is measured.
 */
function oneLine(l: Log, fit: number): boolean {
  const m = String(l.message ?? '').replace(/\n$/, '');
  return m.length + BESIDE <= fit && /^[\x20-\x7e]*$/.test(m) && !tidyPanic(m).raw;
}

export function Console({ component, name, live }: { component: string; name: string; live: LiveEntries }) {
  const [lines, setLines] = useState<Log[]>([]);
  // "No output yet" only once it is known: not while the first lines load.
  const [ready, setReady] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  // Stuck to the end, the last lines are rendered without reading the scroll position (as the timeline's tail).
  const [stuck, setStuck] = useState(true);
  const [viewHeight, setViewHeight] = useState(0);
  useLayoutEffect(() => (ref.current ? observeHeight(ref.current, setViewHeight) : undefined), []);
  // How many characters of the font fit across, and a line's height (the console's width and a probe's size, read
  // when the observer reports them: never in a commit). Lines that fit are not measured: measuring each new line
  // (getBoundingClientRect in its ref) laid out the page inside the commit.
  const probe = useRef<HTMLSpanElement>(null);
  const [{ fit, line }, setFont] = useState({ fit: 0, line: LINE });
  const font = useRef({ fit, line });
  const virtual = useRef<Virtualizer<HTMLDivElement, Element>>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    const ch = probe.current;
    if (!el || !ch) return;
    const ro = new ResizeObserver(() => {
      const w = ch.getBoundingClientRect().width / 10;
      // Presenter mode's larger type makes lines taller too.
      const next = { fit: w > 0 ? Math.floor(el.clientWidth / w) : 0, line: ch.offsetHeight || LINE };
      if (next.fit === font.current.fit && next.line === font.current.line) return;
      font.current = next;
      setFont(next);
      // Every size known so far is stale: forget them and measure the lines on screen again (laid out already).
      const v = virtual.current;
      if (!v) return;
      v.measure();
      el.querySelectorAll('[data-testid=console-line]').forEach((n) => v.measureElement(n));
    });
    ro.observe(el);
    ro.observe(ch);
    return () => ro.disconnect();
  }, []);

  useEffect(() => {
    let loaded = false;
    let held: OplogEntry[] = [];
    let frame = 0;
    const flush = () => {
      frame = 0;
      const logs = held;
      held = [];
      // Cut every batch, so the count stays put: cut 500 at a time, the list shrank under the virtualizer's
      // stored scroll offset (one screenshot while streaming showed an empty console).
      if (logs.length) setLines((prev) => mergeEntries(prev, logs).slice(-MAX) as Log[]);
    };
    const unsubscribe = live.subscribe((batch) => {
      for (const e of batch) if (e.kind === 'log') held.push(e);
      if (loaded && held.length && !frame) frame = requestAnimationFrame(flush);
    });
    workerClient(component, name)
      .oplog({ kinds: ['log'], reverse: true, limit: 500 })
      .then((r) => setLines(r.entries.filter((e) => e.kind === 'log').reverse() as Log[]))
      .catch(() => {})
      .finally(() => {
        loaded = true;
        setReady(true);
        flush();
      });
    return () => {
      unsubscribe();
      cancelAnimationFrame(frame);
    };
  }, [component, name, live]);

  // Stuck to the end: the last lines (each at least LINE high, so these fill the view), rendered in the commit that
  // appends them, not one scroll event later.
  const rangeExtractor = useCallback(
    (r: Range) => {
      if (!stuck) return defaultRangeExtractor(r);
      const from = Math.max(0, r.count - Math.ceil(viewHeight / LINE) - TAIL_OVERSCAN);
      return Array.from({ length: r.count - from }, (_, i) => from + i);
    },
    [stuck, viewHeight],
  );
  const virtualizer = useVirtualizer({
    rangeExtractor,
    count: lines.length,
    getScrollElement: () => ref.current,
    estimateSize: () => line,
    overscan: 12,
    getItemKey: (i) => lines[i]?.index ?? i,
    useFlushSync: false,
    // A console out of layout (hidden) measures every line 0 px high: keep the estimate, or each
    // measurement brings more lines into range and the updates never settle (React error #185).
    measureElement: (el) => el.getBoundingClientRect().height || line,
  });
  virtual.current = virtualizer;
  const total = virtualizer.getTotalSize();
  useLayoutEffect(() => {
    // Past the end is clamped to it: no layout is read to find it.
    if (stick.current && ref.current) ref.current.scrollTop = Number.MAX_SAFE_INTEGER;
  }, [lines, total]);

  return (
    <div
      ref={ref}
      data-testid="console"
      onScroll={() => {
        const el = ref.current!;
        stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < LINE;
        if (stick.current !== stuck) setStuck(stick.current);
      }}
      className="relative h-full overflow-auto bg-zinc-950 px-3 py-2 font-mono text-xs leading-5 text-zinc-200 [contain:strict]"
    >
      {/* Ten characters of the font, as CSS content: not part of the console's text. */}
      <span ref={probe} aria-hidden className="invisible absolute left-0 top-0 block whitespace-pre before:content-['0000000000']" />
      {lines.length === 0 ? (
        ready && <span className="text-zinc-400">No output yet. What the worker writes to stdout and stderr shows up here.</span>
      ) : (
        <div style={{ height: total, position: 'relative' }}>
          {virtualizer.getVirtualItems().map((v) => (
            <Line
              key={v.key}
              line={lines[v.index]!}
              pos={v.index}
              top={v.start}
              measure={oneLine(lines[v.index]!, fit) ? undefined : virtualizer.measureElement}
            />
          ))}
        </div>
      )}
    </div>
  );
}

/** One line; memoized, so lines already on screen do not render again as new ones arrive. */
const Line = memo(function Line({
  line: l,
  pos,
  top,
  measure,
}: {
  line: Log;
  pos: number;
  top: number;
  /** Absent for a line known to be one line (as high as estimated). */
  measure?: (el: Element | null) => void;
}) {
  return (
    <div
      ref={measure}
      data-index={pos}
      className="absolute left-0 right-0 flex gap-3 whitespace-pre-wrap break-all"
      style={{ top }}
      data-testid="console-line"
    >
      <span className="shrink-0 text-zinc-400">{formatTime(l.timestamp)}</span>
      <LogText message={String(l.message ?? '')} stderr={l.stream === 'stderr'} />
    </div>
  );
});

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
