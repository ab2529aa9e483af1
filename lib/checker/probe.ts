// What a durability check asks of the runtime for one throwaway worker: the
// baseline's answers to its non-deterministic reads (so runs are comparable),
// and where to kill it. Kill specs fire once: the recovery after them runs free.

import type { Encoded } from '../oplog/codec';
import type { Durability, OplogEntry } from '../oplog/entry';

/** A recorded host-call response, `{ ok }` or `{ err }`, as the oplog keeps it. */
export type RecordedResponse = { ok: Encoded } | { err: Encoded };

export interface CheckProbe {
  /** Baseline answers to read-local calls (clocks, random, env), by function, in call order. */
  pinned?: Record<string, RecordedResponse[]>;
  /** Kill inside the n-th call (1-based) to this function: after it ran live, before its result is recorded. */
  hostCallKill?: { functionName: string; occurrence: number };
  /** Kill while replaying, once recovery reaches the entry at this index. */
  recoveryKill?: number;
  /** SIGKILL the whole runtime process once this index is committed (with killAfterIndex). */
  sigkillAfter?: number;
}

/** What the worker's thread gets (the SIGKILL is the runtime's business). */
export type ThreadProbe = Omit<CheckProbe, 'sigkillAfter'>;

/** Hooks DurableContext calls on each recorded host call. */
export interface DurableHooks {
  /** The pinned answer for this call, or undefined to run it live. */
  answer(functionName: string, durability: Durability, occurrence: number): RecordedResponse | undefined;
  /** The call ran live and its result is not recorded yet: the at-least-once window. */
  afterLive(functionName: string, occurrence: number): void;
}

/**
 * The thread side: pinned answers, the in-host-call kill and the
 * kill-while-replaying, calling `stop` (which signals the runtime and blocks
 * until it terminates the thread).
 */
export function threadHooks(p: ThreadProbe, stop: (why: string) => never): { hooks: DurableHooks; consumed(e: OplogEntry): void } {
  return {
    hooks: {
      // Only local reads are pinned: a remote call is an effect and goes live.
      answer: (fn, durability, n) => (durability === 'read-local' ? p.pinned?.[fn]?.[n - 1] : undefined),
      afterLive: (fn, n) => {
        if (p.hostCallKill && p.hostCallKill.functionName === fn && p.hostCallKill.occurrence === n) stop(`inside ${fn} #${n}`);
      },
    },
    consumed: (e) => {
      if (p.recoveryKill !== undefined && e.index >= p.recoveryKill) stop(`replaying index ${e.index}`);
    },
  };
}

/** The header naming the throwaway worker on a check runtime's outgoing HTTP (not recorded in the oplog). */
export const CHECK_WORKER_HEADER = 'x-durable-check-worker';

export function tagRequest<R extends { headers: [string, string][] }>(req: R, workerId: string): R {
  return { ...req, headers: [...req.headers, [CHECK_WORKER_HEADER, workerId]] };
}

export function threadProbe(p: CheckProbe): ThreadProbe {
  return { pinned: p.pinned, hostCallKill: p.hostCallKill, recoveryKill: p.recoveryKill };
}
