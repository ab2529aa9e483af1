// Golem's snapshot exports come in two shapes: golem:api 1.1.7 and 1.3.0 save
// and load plain bytes; 1.5.0 saves and loads a `snapshot` record
// { payload, mime-type }. The oplog keeps the bytes and, for 1.5, the mime type,
// so recovery and snapshot-based updates hand each version what it expects.

import type { WitFunction } from '../../wit/types';

export interface SavedSnapshot {
  bytes: Uint8Array;
  mimeType?: string;
}

/** What a guest's `save` returned (jco values), as bytes and an optional mime type. */
export function fromSaved(value: unknown): SavedSnapshot {
  if (value instanceof Uint8Array) return { bytes: value };
  if (value && typeof value === 'object' && 'payload' in value) {
    const { payload, mimeType } = value as { payload: unknown; mimeType?: unknown };
    if (payload instanceof Uint8Array) return { bytes: payload, mimeType: typeof mimeType === 'string' ? mimeType : undefined };
  }
  throw new Error('save-snapshot returned neither bytes nor a snapshot record');
}

/** The same from the JSON form the engine gets back from an evaluated `save`. */
export function fromSavedJson(value: unknown): SavedSnapshot {
  const bytes = (v: unknown) => (Array.isArray(v) ? Uint8Array.from(v as number[]) : new Uint8Array(Buffer.from(String(v), 'base64')));
  if (value && typeof value === 'object' && !Array.isArray(value) && 'payload' in value) {
    const r = value as { payload: unknown; 'mime-type'?: unknown };
    return { bytes: bytes(r.payload), mimeType: typeof r['mime-type'] === 'string' ? r['mime-type'] : undefined };
  }
  return { bytes: bytes(value) };
}

/**
 * The argument for a guest's `load`: the record when its parameter is one
 * (1.5), else the bytes. A snapshot saved as bytes (an older version's) is
 * handed to a 1.5 `load` as `application/octet-stream`.
 */
export function loadArgument(load: WitFunction | undefined, snap: SavedSnapshot): unknown {
  if (load?.params[0]?.type.kind !== 'record') return snap.bytes;
  return { payload: snap.bytes, mimeType: snap.mimeType ?? 'application/octet-stream' };
}
