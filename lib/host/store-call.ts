// What a worker's wasi:keyvalue or wasi:blobstore call asks of the runtime,
// which owns the database (lib/store/kv-store.ts does the work there).

import { HostError, type HostContext } from './context';

export interface ObjectRef {
  container: string;
  object: string;
}

export type StoreCall =
  | { op: 'kv-get' | 'kv-delete' | 'kv-exists'; bucket: string; key: string }
  | { op: 'kv-set'; bucket: string; key: string; value: Uint8Array }
  | { op: 'kv-get-many' | 'kv-delete-many'; bucket: string; keys: string[] }
  | { op: 'kv-keys'; bucket: string }
  | { op: 'kv-set-many'; bucket: string; entries: [string, Uint8Array][] }
  | {
      op: 'bs-create-container' | 'bs-get-container' | 'bs-delete-container' | 'bs-container-exists' | 'bs-list-objects' | 'bs-clear';
      container: string;
    }
  | { op: 'bs-copy-object' | 'bs-move-object'; src: ObjectRef; dest: ObjectRef }
  | { op: 'bs-get-data'; container: string; object: string; start: number; end: number }
  | { op: 'bs-write-data'; container: string; object: string; data: Uint8Array }
  | { op: 'bs-delete-object' | 'bs-has-object' | 'bs-object-info'; container: string; object: string }
  | { op: 'bs-delete-objects'; container: string; objects: string[] };

/** A store failure the guest sees as its `err` (not a trap). */
export type StoreReply = { ok: unknown } | { err: string };

/** Runs the call in the runtime (live only); a store error becomes HostError(message). */
export function storeCall<T>(ctx: HostContext, call: StoreCall): T {
  const reply = ctx.runtime({ op: 'store', call }) as StoreReply;
  if ('err' in reply) throw new HostError(reply.err);
  return reply.ok as T;
}
