// The key-value and blob stores behind wasi:keyvalue and wasi:blobstore, in
// the playground's database. Only the runtime process writes here (it is the
// database's one writer); workers reach it through a durable host call, so a
// replay reads the recorded answer and never comes here.
//
// Semantics follow Golem's worker executor: one namespace (Golem scopes by
// environment; the playground is one), opening a bucket always succeeds,
// creating an existing container is not an error, writing an object creates
// its container, get-data reads bytes [start, end) as Golem's backends do.

import type { Database } from 'better-sqlite3';
import type { ObjectRef, StoreCall, StoreReply } from '../host/store-call';

class StoreFailure extends Error {}

export interface KeyValueView {
  key: string;
  size: number;
  value: string /* base64, at most PREVIEW bytes */;
  truncated: boolean;
  updatedAt: number;
}
export interface BlobObjectView {
  name: string;
  size: number;
  data: string;
  truncated: boolean;
  createdAt: number;
}
export interface WorkerStores {
  buckets: { name: string; entries: KeyValueView[] }[];
  containers: { name: string; exists: boolean; createdAt?: number; objects: BlobObjectView[] }[];
}

/** Bytes of each value shown by the API: enough to recognise it, never a huge payload. */
const PREVIEW = 1024;

export class KvStore {
  constructor(private readonly db: Database) {}

  /** Answers one call; a failure the guest should see comes back as `{ err }`. */
  run(call: StoreCall): StoreReply {
    try {
      return { ok: this.db.transaction(() => this.exec(call))() };
    } catch (e) {
      if (e instanceof StoreFailure) return { err: e.message };
      throw e;
    }
  }

  private exec(c: StoreCall): unknown {
    const now = Date.now();
    switch (c.op) {
      case 'kv-get':
        return this.value(c.bucket, c.key) ?? null;
      case 'kv-exists':
        return this.value(c.bucket, c.key) !== undefined;
      case 'kv-set':
        this.put(c.bucket, c.key, c.value, now);
        return null;
      case 'kv-delete':
        this.db.prepare('DELETE FROM "KeyValue" WHERE bucket = ? AND key = ?').run(c.bucket, c.key);
        return null;
      case 'kv-get-many':
        return c.keys.map((k) => this.value(c.bucket, k) ?? null);
      case 'kv-keys':
        return this.db.prepare('SELECT key FROM "KeyValue" WHERE bucket = ? ORDER BY key').pluck().all(c.bucket);
      case 'kv-set-many':
        for (const [k, v] of c.entries) this.put(c.bucket, k, v, now);
        return null;
      case 'kv-delete-many':
        for (const k of c.keys) this.db.prepare('DELETE FROM "KeyValue" WHERE bucket = ? AND key = ?').run(c.bucket, k);
        return null;
      case 'bs-create-container':
        this.db.prepare('INSERT OR IGNORE INTO "BlobContainer" (name, createdAt) VALUES (?, ?)').run(c.container, now);
        return this.containerCreated(c.container);
      case 'bs-get-container': {
        const at = this.containerCreated(c.container);
        if (at === undefined) throw new StoreFailure('Container not found');
        return at;
      }
      case 'bs-delete-container':
        this.db.prepare('DELETE FROM "BlobObject" WHERE container = ?').run(c.container);
        this.db.prepare('DELETE FROM "BlobContainer" WHERE name = ?').run(c.container);
        return null;
      case 'bs-container-exists':
        return this.containerCreated(c.container) !== undefined;
      case 'bs-copy-object':
      case 'bs-move-object':
        return this.copy(c.src, c.dest, c.op === 'bs-move-object', now);
      case 'bs-get-data': {
        const data = this.object(c)?.data;
        if (!data) throw new StoreFailure('Not found: Object does not exist');
        if (c.start > c.end || c.end > data.length)
          throw new StoreFailure(`range ${c.start}..${c.end} is outside the object (${data.length} bytes)`);
        return new Uint8Array(data.subarray(c.start, c.end));
      }
      case 'bs-write-data':
        this.db.prepare('INSERT OR IGNORE INTO "BlobContainer" (name, createdAt) VALUES (?, ?)').run(c.container, now);
        this.db
          .prepare('INSERT OR REPLACE INTO "BlobObject" (container, name, data, createdAt) VALUES (?, ?, ?, ?)')
          .run(c.container, c.object, Buffer.from(c.data), now);
        return null;
      case 'bs-list-objects':
        return this.db.prepare('SELECT name FROM "BlobObject" WHERE container = ? ORDER BY name').pluck().all(c.container);
      case 'bs-delete-object':
        this.db.prepare('DELETE FROM "BlobObject" WHERE container = ? AND name = ?').run(c.container, c.object);
        return null;
      case 'bs-delete-objects':
        for (const o of c.objects) this.db.prepare('DELETE FROM "BlobObject" WHERE container = ? AND name = ?').run(c.container, o);
        return null;
      case 'bs-has-object':
        return this.object(c) !== undefined;
      case 'bs-object-info': {
        const o = this.object(c);
        if (!o) throw new StoreFailure('Not found: Object does not exist');
        return { createdAt: Number(o.createdAt), size: o.data.length };
      }
      case 'bs-clear':
        this.db.prepare('DELETE FROM "BlobObject" WHERE container = ?').run(c.container);
        return null;
    }
  }

  private value(bucket: string, key: string): Uint8Array | undefined {
    const v = this.db.prepare('SELECT value FROM "KeyValue" WHERE bucket = ? AND key = ?').pluck().get(bucket, key) as Buffer | undefined;
    return v === undefined ? undefined : new Uint8Array(v);
  }

  private put(bucket: string, key: string, value: Uint8Array, now: number): void {
    this.db
      .prepare('INSERT OR REPLACE INTO "KeyValue" (bucket, key, value, updatedAt) VALUES (?, ?, ?, ?)')
      .run(bucket, key, Buffer.from(value), now);
  }

  private containerCreated(name: string): number | undefined {
    const at = this.db.prepare('SELECT createdAt FROM "BlobContainer" WHERE name = ?').pluck().get(name) as number | bigint | undefined;
    return at === undefined ? undefined : Number(at);
  }

  private object(o: ObjectRef): { data: Buffer; createdAt: number | bigint } | undefined {
    return this.db.prepare('SELECT data, createdAt FROM "BlobObject" WHERE container = ? AND name = ?').get(o.container, o.object) as
      { data: Buffer; createdAt: number } | undefined;
  }

  /** Golem: the target container must exist; the target object is overwritten. */
  private copy(src: ObjectRef, dest: ObjectRef, move: boolean, now: number): null {
    const o = this.object(src);
    if (!o) throw new StoreFailure(`Not found: ${src.container}/${src.object}`);
    if (this.containerCreated(dest.container) === undefined) throw new StoreFailure(`Not found: container ${dest.container}`);
    this.db
      .prepare('INSERT OR REPLACE INTO "BlobObject" (container, name, data, createdAt) VALUES (?, ?, ?, ?)')
      .run(dest.container, dest.object, o.data, now);
    if (move && (src.container !== dest.container || src.object !== dest.object)) {
      this.db.prepare('DELETE FROM "BlobObject" WHERE container = ? AND name = ?').run(src.container, src.object);
    }
    return null;
  }

  /** The buckets and containers a worker's recorded calls name, with their contents now. */
  forWorker(workerId: string): WorkerStores {
    const rows = this.db
      .prepare(
        `SELECT json_extract(payload, '$.functionName') AS fn, json_extract(payload, '$.request') AS req FROM "OplogEntry"
      WHERE workerId = ? AND kind = 'imported-function-invoked' AND (json_extract(payload, '$.functionName') LIKE 'wasi:keyvalue/%' OR json_extract(payload, '$.functionName') LIKE 'wasi:blobstore/%')
      ORDER BY idx`,
      )
      .all(workerId) as { fn: string; req: string }[];
    const buckets = new Set<string>();
    const containers = new Set<string>();
    for (const { fn, req } of rows) {
      const r = JSON.parse(req) as { bucket?: unknown; container?: unknown; src?: { container?: unknown }; dest?: { container?: unknown } };
      if (fn.startsWith('wasi:keyvalue/') && typeof r.bucket === 'string') buckets.add(r.bucket);
      for (const c of [r.container, r.src?.container, r.dest?.container])
        if (fn.startsWith('wasi:blobstore/') && typeof c === 'string') containers.add(c);
    }
    return this.view([...buckets], [...containers]);
  }

  /** The current contents of the named buckets and containers (for a worker's page). */
  view(buckets: string[], containers: string[]): WorkerStores {
    const preview = (b: Buffer) => ({ size: b.length, value: b.subarray(0, PREVIEW).toString('base64'), truncated: b.length > PREVIEW });
    return {
      buckets: buckets.map((name) => ({
        name,
        entries: (
          this.db.prepare('SELECT key, value, updatedAt FROM "KeyValue" WHERE bucket = ? ORDER BY key').all(name) as {
            key: string;
            value: Buffer;
            updatedAt: number | bigint;
          }[]
        ).map((r) => ({ key: r.key, ...preview(r.value), updatedAt: Number(r.updatedAt) })),
      })),
      containers: containers.map((name) => {
        const createdAt = this.containerCreated(name);
        const objects = (
          this.db.prepare('SELECT name, data, createdAt FROM "BlobObject" WHERE container = ? ORDER BY name').all(name) as {
            name: string;
            data: Buffer;
            createdAt: number | bigint;
          }[]
        ).map((r) => {
          const p = preview(r.data);
          return { name: r.name, size: p.size, data: p.value, truncated: p.truncated, createdAt: Number(r.createdAt) };
        });
        return { name, exists: createdAt !== undefined, ...(createdAt !== undefined ? { createdAt } : {}), objects };
      }),
    };
  }
}
