// Golem's save-snapshot and load-snapshot, as a worker's thread uses them:
// loading one before replay, taking one every `snapshotEvery` entries.

import { config } from '../../config';
import type { DurableContext } from '../../replay/durable-context';
import type { WitFunction } from '../../wit/types';
import { callExportRaw, snapshotExports } from './exports';
import type { Snapshot } from './history';
import { fromSaved, loadArgument } from './snapshot-shape';
import type { Writer } from './writer';

type Exports = Record<string, unknown>;

/**
 * Golem's load-snapshot: the guest restores its own state; then the settings
 * replay would have set. Throws what the guest's load threw.
 */
export function restoreSnapshot(ctx: DurableContext, instance: Exports, exports: WitFunction[], base: Snapshot): void {
  ctx.callSeq = base.callSeq;
  if (base.retryPolicy) ctx.golem.retryPolicy = base.retryPolicy as typeof ctx.golem.retryPolicy;
  if (base.idempotent !== undefined) ctx.golem.idempotent = base.idempotent;
  const level = (base.persistence as typeof ctx.golem.persistence | undefined) ?? 'smart';
  ctx.golem.persistence = 'persist-nothing'; // loading records nothing
  const snap = snapshotExports(exports)!;
  callExportRaw(instance, exports, snap.load, [
    loadArgument(snap.loadFunction, { bytes: new Uint8Array(Buffer.from(base.data, 'base64')), mimeType: base.mimeType }),
  ]);
  ctx.golem.persistence = level;
}

/** Golem's save-snapshot, taken every `snapshotEvery` entries seen (replayed + written) since the last one. */
export interface SnapshotTaker {
  /** Whether one is due now (the thread says so with `completed`: the runtime counts the worker busy until `snapshotted`). */
  due(): boolean;
  /** Takes it; a guest that cannot save now is recovered by full replay, and tried again later. */
  take(): void;
}

export function snapshotTaker(
  ctx: DurableContext,
  instance: Exports,
  exports: WitFunction[],
  writer: Writer,
  replayedEntries: number,
  enabled: boolean,
): SnapshotTaker {
  const SNAPSHOT_EVERY = config.snapshotEvery;
  const snap = enabled ? snapshotExports(exports) : undefined;
  let snapshotAt = 0;
  return {
    due: () => !!snap && replayedEntries + writer.written - snapshotAt >= SNAPSHOT_EVERY,
    take: () => {
      if (!snap) return;
      const level = ctx.golem.persistence;
      ctx.golem.persistence = 'persist-nothing';
      try {
        const { bytes, mimeType } = fromSaved(callExportRaw(instance, exports, snap.save, []));
        writer.add({
          kind: 'snapshot',
          data: Buffer.from(bytes).toString('base64'),
          mimeType,
          callSeq: ctx.callSeq,
          retryPolicy: ctx.golem.retryPolicy,
          persistence: level,
          idempotent: ctx.golem.idempotent,
        });
        writer.commit();
      } catch {
        // (Suspended while saving: slot.left is set, and the caller lets the thread go.)
      } finally {
        ctx.golem.persistence = level;
        snapshotAt = replayedEntries + writer.written;
      }
    },
  };
}
