// How each oplog entry kind looks in the timeline: a colour and a small glyph.

import type { OplogKind } from '@/lib/oplog/entry';

export interface KindStyle {
  glyph: string;
  /** Tailwind classes for the glyph chip. */
  chip: string;
  label: string;
}

const c = (glyph: string, chip: string, label: string): KindStyle => ({ glyph, chip, label });

const BLUE = 'bg-sky-100 text-sky-700 dark:bg-sky-950 dark:text-sky-300';
const GREEN = 'bg-emerald-100 text-emerald-700 dark:bg-emerald-950 dark:text-emerald-300';
const VIOLET = 'bg-violet-100 text-violet-700 dark:bg-violet-950 dark:text-violet-300';
const RED = 'bg-red-100 text-red-700 dark:bg-red-950 dark:text-red-300';
const AMBER = 'bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-300';
const GRAY = 'bg-zinc-100 text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300';
const INDIGO = 'bg-indigo-100 text-indigo-700 dark:bg-indigo-950 dark:text-indigo-300';
const TEAL = 'bg-teal-100 text-teal-700 dark:bg-teal-950 dark:text-teal-300';

// Keyed by string, not OplogKind: the engine gains kinds over time, and an entry
// of a kind listed here before the engine's type has it must still compile.
export const KIND_STYLES: Partial<Record<OplogKind, KindStyle>> & Record<string, KindStyle | undefined> = {
  create: c('✦', INDIGO, 'create'),
  'exported-function-invoked': c('▶', BLUE, 'invoked'),
  'exported-function-completed': c('✓', GREEN, 'completed'),
  'imported-function-invoked': c('⇄', VIOLET, 'host call'),
  error: c('✕', RED, 'error'),
  interrupted: c('‖', AMBER, 'interrupted'),
  exited: c('■', GRAY, 'exited'),
  log: c('≡', TEAL, 'log'),
  suspend: c('☾', VIOLET, 'suspend'),
  restart: c('↻', AMBER, 'restart'),
  'no-op': c('·', GRAY, 'no-op'),
  jump: c('↷', AMBER, 'jump'),
  revert: c('↶', AMBER, 'revert'),
  'pending-worker-invocation': c('⋯', BLUE, 'queued'),
  'cancel-pending-invocation': c('⊘', GRAY, 'cancelled'),
  'grow-memory': c('▲', GRAY, 'grow memory'),
  'begin-atomic-region': c('[', GRAY, 'atomic begin'),
  'end-atomic-region': c(']', GRAY, 'atomic end'),
  'begin-remote-write': c('⇡', VIOLET, 'write begin'),
  'end-remote-write': c('⇣', VIOLET, 'write end'),
  'promise-completed': c('◆', GREEN, 'promise done'),
  snapshot: c('◉', TEAL, 'snapshot'),
  'pending-update': c('⇪', INDIGO, 'update'),
  'successful-update': c('⇪', GREEN, 'updated'),
  'failed-update': c('⇪', RED, 'update failed'),
};

/** Kinds whose summary reads as a failure. */
export const FAILURE_KINDS: ReadonlySet<string> = new Set(['error', 'failed-update']);

export function kindStyle(kind: string): KindStyle {
  return KIND_STYLES[kind] ?? c('•', GRAY, kind);
}

export function formatTime(ts: number): string {
  const d = new Date(ts);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}
