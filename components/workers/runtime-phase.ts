// The runtime's crashed/restarted events as a page shows them. The events carry
// the down time the web app measured (`downMs`); a page keeps "crashed" on
// screen for that long from when it heard of the crash, and at least
// MIN_DOWN_MS, so a restart quicker than a frame can still be read.

/** The runtime events' payload (lib/runtime/client.ts RuntimeEvent, type 'runtime'). */
export interface RuntimePhaseEvent {
  phase: 'crashed' | 'restarted';
  /** When the web app saw it (epoch ms). */
  at?: number;
  /** restarted: how long the runtime was down. */
  downMs?: number;
  recovering?: string[];
}

/** How long "crashed" stays on screen at least, however fast the restart. */
export const MIN_DOWN_MS = 700;

/**
 * After a restarted event, how long to go on showing "crashed": until the real
 * down time (or MIN_DOWN_MS, the longer) has passed since the page heard of
 * the crash (`seenAt`; null when it missed the crash event: nothing to hold).
 */
export function downHoldMs(seenAt: number | null, downMs: number | undefined, now: number): number {
  // Missed the crash: "crashed" was never on screen, there is nothing to hold.
  if (seenAt === null) return 0;
  return Math.max(0, Math.max(downMs ?? 0, MIN_DOWN_MS) - (now - seenAt));
}
