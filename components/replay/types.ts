// The replay debugger's wire shapes are the engine's own types (type-only
// imports: nothing of the engine reaches the browser bundle).

import type { DebugCommand as EngineCommand, DebugState } from '@/lib/replay/stepper';

export type { Breakpoint, DebugOutput, DebugState, Override } from '@/lib/replay/stepper';

export interface DebugAnswer {
  sessionId: string;
  state: DebugState;
}

/** The engine's commands, plus rewind (which the runtime answers with a new session). */
export type DebugCommand = EngineCommand | { type: 'rewind'; toIndex: number };
