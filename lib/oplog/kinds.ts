// Every oplog entry kind, declared once with what the rest of the code asks
// about it. The entry shapes live in ./entry.ts; the compiler checks that this
// table has exactly one row per kind. Lists elsewhere (replay's guest kinds,
// the status kinds, the timeline's styles and filter, the README's list) are
// derived from here.

import type { OplogEntryBody, OplogKind } from './entry';

/** A colour family; the UI maps it to its classes. */
export type KindTone = 'blue' | 'green' | 'violet' | 'red' | 'amber' | 'gray' | 'indigo' | 'teal';

export interface KindInfo {
  /** One line: what the entry records (README, tooltips). */
  hint: string;
  /** Written by a running invocation and matched one by one on replay. */
  replayed?: true;
  /** Changes the worker's status: the newest such entry decides it. */
  lifecycle?: true;
  /** Recorded by the runtime about queued work: a jump (which hides what the guest did) leaves it. */
  survivesJump?: true;
  /** Carries an idempotency key (the store indexes it). */
  keyed?: true;
  /** Reads as a failure in the UI. */
  failure?: true;
  /** Timeline label and glyph. */
  label: string;
  glyph: string;
  tone: KindTone;
}

export const KINDS = {
  create: { hint: 'the worker was created: component, version, name, env, args', label: 'create', glyph: '✦', tone: 'indigo' },
  'exported-function-invoked': {
    hint: 'an invocation started (function, args, idempotency key)',
    lifecycle: true,
    keyed: true,
    label: 'invoked',
    glyph: '▶',
    tone: 'blue',
  },
  'exported-function-completed': {
    hint: 'an invocation returned (its result)',
    replayed: true,
    lifecycle: true,
    keyed: true,
    label: 'completed',
    glyph: '✓',
    tone: 'green',
  },
  'imported-function-invoked': {
    hint: 'a host call and its recorded result, answered from here on replay',
    replayed: true,
    label: 'host call',
    glyph: '⇄',
    tone: 'violet',
  },
  error: {
    hint: 'an invocation failed; with retryAt, the next attempt is scheduled',
    lifecycle: true,
    keyed: true,
    failure: true,
    label: 'error',
    glyph: '✕',
    tone: 'red',
  },
  interrupted: {
    hint: 'the running instance was stopped (kill, revert, runtime restart)',
    lifecycle: true,
    label: 'interrupted',
    glyph: '‖',
    tone: 'amber',
  },
  exited: {
    hint: 'the guest called exit: the worker runs no more',
    replayed: true,
    lifecycle: true,
    keyed: true,
    label: 'exited',
    glyph: '■',
    tone: 'gray',
  },
  log: { hint: 'a write to stdout or stderr', replayed: true, label: 'log', glyph: '≡', tone: 'teal' },
  suspend: { hint: 'the worker left memory until a time or a promise', lifecycle: true, label: 'suspend', glyph: '☾', tone: 'violet' },
  jump: {
    hint: 'entries start..end are skipped by replay (a re-executed atomic region or batch, set-oplog-index)',
    label: 'jump',
    glyph: '↷',
    tone: 'amber',
  },
  revert: { hint: 'entries start..end are dropped from the history', lifecycle: true, label: 'revert', glyph: '↶', tone: 'amber' },
  'pending-worker-invocation': {
    hint: 'an invocation queued (or scheduled) before it started',
    survivesJump: true,
    keyed: true,
    label: 'queued',
    glyph: '⋯',
    tone: 'blue',
  },
  'cancel-pending-invocation': {
    hint: 'a queued invocation was cancelled',
    survivesJump: true,
    keyed: true,
    label: 'cancelled',
    glyph: '⊘',
    tone: 'gray',
  },
  'begin-atomic-region': {
    hint: 'an atomic region began: if it does not end, recovery runs it again whole',
    replayed: true,
    label: 'atomic begin',
    glyph: '[',
    tone: 'gray',
  },
  'end-atomic-region': {
    hint: 'the atomic region begun at beginIndex ended',
    replayed: true,
    label: 'atomic end',
    glyph: ']',
    tone: 'gray',
  },
  'begin-remote-write': {
    hint: 'a remote write or a batch of them began: left unended, recovery runs a batch again (idempotence on) or fails the worker',
    replayed: true,
    label: 'write begin',
    glyph: '⇡',
    tone: 'violet',
  },
  'end-remote-write': {
    hint: 'the remote write begun at beginIndex ended',
    replayed: true,
    label: 'write end',
    glyph: '⇣',
    tone: 'violet',
  },
  'promise-completed': { hint: 'a promise the worker created was completed with data', label: 'promise done', glyph: '◆', tone: 'green' },
  snapshot: {
    hint: "the guest's own state (save-snapshot): recovery loads it and replays what follows",
    label: 'snapshot',
    glyph: '◉',
    tone: 'teal',
  },
  'pending-update': { hint: 'an update to another component version was requested', label: 'update', glyph: '⇪', tone: 'indigo' },
  'successful-update': { hint: 'the worker moved to another component version', label: 'updated', glyph: '⇪', tone: 'green' },
  'failed-update': {
    hint: 'an update failed; the worker stays on its version',
    failure: true,
    label: 'update failed',
    glyph: '⇪',
    tone: 'red',
  },
} as const satisfies Record<OplogKind, KindInfo>;

/** Every kind, in the table's order. */
export const OPLOG_KINDS = Object.keys(KINDS) as OplogKind[];

const where = (p: (k: KindInfo) => boolean | undefined): OplogKind[] => OPLOG_KINDS.filter((k) => p(KINDS[k]));

/** Entries a running invocation produces, matched one by one on replay. */
export const REPLAYED_KINDS: readonly OplogKind[] = where((k) => k.replayed);
/** Entries that change a worker's status. */
export const LIFECYCLE_KINDS: readonly OplogKind[] = where((k) => k.lifecycle);
export const SURVIVES_JUMP: ReadonlySet<OplogKind> = new Set(where((k) => k.survivesJump));
export const KEYED_KINDS: ReadonlySet<OplogKind> = new Set(where((k) => k.keyed));
export const FAILURE_KINDS: ReadonlySet<OplogKind> = new Set(where((k) => k.failure));

/** Idempotency key carried by an entry, indexed so lookups by key stay cheap. */
export function entryIdempotencyKey(e: OplogEntryBody): string | undefined {
  return KEYED_KINDS.has(e.kind) ? (e as { idempotencyKey?: string }).idempotencyKey : undefined;
}

/** The README's list of kinds (a test checks the README against it). */
export function kindsMarkdown(): string {
  return ['| kind | records |', '|---|---|', ...OPLOG_KINDS.map((k) => `| \`${k}\` | ${KINDS[k].hint} |`)].join('\n');
}
