// The replay debugger's wire shapes are the engine's own types (type-only
// imports: nothing of the engine reaches the browser bundle).

export type { DebugAnswer, DebugCommand } from '@/lib/api/types';
export type { Breakpoint, DebugOutput, DebugState, Override } from '@/lib/replay/stepper';
