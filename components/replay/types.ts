// The replay debugger's wire shapes, as the /api/debug endpoints answer them.
// Declared here (not imported from lib/replay) so the page only depends on the API.

import type { OplogEntry, OplogKind } from '@/lib/oplog/entry';

export interface Breakpoint {
  index?: number;
  kind?: OplogKind;
  functionName?: string;
}

export interface DebugOutput {
  index: number;
  stream: 'stdout' | 'stderr';
  message: string;
}

export interface DebugState {
  index: number;
  entry?: OplogEntry;
  actual?: unknown;
  invocation?: { index: number; functionName: string };
  output: DebugOutput[];
  lastIndex: number;
  ended?: { reason: string; divergence?: boolean };
  /** Recorded host responses replaced in this session (what-if). */
  overrides?: Override[];
  /** Why the last command could not be applied. */
  notice?: string;
  /** Linear memory: size, and the 64 KiB pages changed since the previous stop. */
  memory?: { pageSize: number; pages: number; changed: number[]; digest: string };
  /** The region read with a memory command, as hex. */
  memoryView?: { offset: number; hex: string };
}

/** A what-if: the recorded response of the host call at `index`, replaced (oplog encoding). */
export interface Override {
  index: number;
  response: unknown;
}

export interface DebugAnswer {
  sessionId: string;
  state: DebugState;
}

export type DebugCommand =
  | { type: 'step' }
  | { type: 'continue'; toIndex?: number; breakpoints?: Breakpoint[] }
  | { type: 'rewind'; toIndex: number }
  | { type: 'override'; index: number; response: unknown }
  | { type: 'memory'; offset: number; length: number };
