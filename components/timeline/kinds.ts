// How each oplog entry kind looks in the timeline: a colour and a small glyph.

import { FAILURE_KINDS as FAILURES, KINDS, type KindTone } from '@/lib/oplog/kinds';

export interface KindStyle {
  glyph: string;
  /** Tailwind classes for the glyph chip. */
  chip: string;
  label: string;
}

const TONES: Record<KindTone, string> = {
  blue: 'bg-sky-100 text-sky-700 dark:bg-sky-950 dark:text-sky-300',
  green: 'bg-emerald-100 text-emerald-700 dark:bg-emerald-950 dark:text-emerald-300',
  violet: 'bg-violet-100 text-violet-700 dark:bg-violet-950 dark:text-violet-300',
  red: 'bg-red-100 text-red-700 dark:bg-red-950 dark:text-red-300',
  amber: 'bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-300',
  gray: 'bg-zinc-100 text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300',
  indigo: 'bg-indigo-100 text-indigo-700 dark:bg-indigo-950 dark:text-indigo-300',
  teal: 'bg-teal-100 text-teal-700 dark:bg-teal-950 dark:text-teal-300',
};

/** Kinds whose summary reads as a failure (a string: entries arrive over the wire). */
export const FAILURE_KINDS: ReadonlySet<string> = FAILURES;

/** A kind this UI build does not know yet still gets a neutral chip. */
export function kindStyle(kind: string): KindStyle {
  const k = (KINDS as Record<string, { glyph: string; label: string; tone: KindTone } | undefined>)[kind];
  return k ? { glyph: k.glyph, chip: TONES[k.tone], label: k.label } : { glyph: '•', chip: TONES.gray, label: kind };
}

export function formatTime(ts: number): string {
  const d = new Date(ts);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}
