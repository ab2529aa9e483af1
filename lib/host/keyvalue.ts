// wasi:keyvalue@0.1.0 as Golem offers it. Buckets, values and errors are
// in-memory handles (opening a bucket touches nothing, as in Golem); each read
// or write of the store is one durable call that the runtime answers from the
// database, recorded like every host call, so replay never touches the store.
// Durability as Golem's: reads are read-remote, writes write-remote (so a
// write cut short by a kill is repeated on recovery: at least once, unless
// the worker turned idempotence off). A set records the value's length, not
// its bytes, as Golem does. Golem implements neither `atomic` nor `cache`
// (both trap there); they are linked here so a component importing them
// instantiates, and a call traps with the same reason.

import { HostError, type HostContext } from './context';
import { InputStream, OutgoingBytes, OutputStream, bufferSource } from './io';
import { storeCall, type StoreCall } from './store-call';
import type { Durability } from '../oplog/entry';

export class KvError {
  constructor(readonly message: string) {}
  trace(): string {
    return this.message;
  }
}

export class Bucket {
  constructor(readonly name: string) {}
  static openBucket(name: string): Bucket {
    return new Bucket(name);
  }
}

export class OutgoingValue extends OutgoingBytes {
  static newOutgoingValue(): OutgoingValue {
    return new OutgoingValue();
  }
  outgoingValueWriteBodyAsync(): OutputStream {
    return this.stream();
  }
  outgoingValueWriteBodySync(value: Uint8Array): void {
    this.append(value);
  }
}

export class IncomingValue {
  constructor(private body: Uint8Array) {}
  /** Golem drains the value: a second consume reads nothing. */
  incomingValueConsumeSync(): Uint8Array {
    const b = this.body;
    this.body = new Uint8Array();
    return b;
  }
  incomingValueConsumeAsync(): InputStream {
    return new InputStream(bufferSource(this.incomingValueConsumeSync()));
  }
  incomingValueSize(): bigint {
    return BigInt(this.body.length);
  }
}

const notImplemented = (fn: string) => (): never => {
  throw new Error(`${fn} is not implemented (Golem does not implement it either)`);
};
class CacheResource {
  constructor() {
    throw new Error('wasi:keyvalue/cache is not implemented (Golem does not implement it either)');
  }
}

export function keyvalueImports(ctx: HostContext) {
  /** One durable store call; a store error reaches the guest as an `error` resource. */
  function call<T>(fn: string, durability: Durability, request: unknown, c: StoreCall): T {
    try {
      return ctx.durable(`wasi:keyvalue/${fn}`, durability, request, () => storeCall<T>(ctx, c));
    } catch (e) {
      if (e instanceof HostError && typeof e.payload === 'string') throw new HostError(new KvError(e.payload));
      throw e;
    }
  }
  const incoming = (v: Uint8Array | null) => (v === null ? undefined : new IncomingValue(v));
  return {
    'wasi:keyvalue/wasi-keyvalue-error': { Error: KvError },
    'wasi:keyvalue/types': { Bucket, OutgoingValue, IncomingValue },
    'wasi:keyvalue/eventual': {
      get: (b: Bucket, key: string) =>
        incoming(call<Uint8Array | null>('eventual.get', 'read-remote', { bucket: b.name, key }, { op: 'kv-get', bucket: b.name, key })),
      set: (b: Bucket, key: string, v: OutgoingValue): void => {
        const value = v.bytes();
        call('eventual.set', 'write-remote', { bucket: b.name, key, length: value.length }, { op: 'kv-set', bucket: b.name, key, value });
      },
      delete: (b: Bucket, key: string): void => {
        call('eventual.delete', 'write-remote', { bucket: b.name, key }, { op: 'kv-delete', bucket: b.name, key });
      },
      exists: (b: Bucket, key: string) =>
        call<boolean>('eventual.exists', 'read-remote', { bucket: b.name, key }, { op: 'kv-exists', bucket: b.name, key }),
    },
    'wasi:keyvalue/eventual-batch': {
      getMany: (b: Bucket, keys: string[]) =>
        call<(Uint8Array | null)[]>(
          'eventual-batch.get-many',
          'read-remote',
          { bucket: b.name, keys },
          { op: 'kv-get-many', bucket: b.name, keys },
        ).map(incoming),
      keys: (b: Bucket) => call<string[]>('eventual-batch.keys', 'read-remote', { bucket: b.name }, { op: 'kv-keys', bucket: b.name }),
      setMany: (b: Bucket, keyValues: [string, OutgoingValue][]): void => {
        const entries = keyValues.map(([k, v]): [string, Uint8Array] => [k, v.bytes()]);
        const request = { bucket: b.name, keys: entries.map(([k, v]) => [k, v.length]) };
        call('eventual-batch.set-many', 'write-remote', request, { op: 'kv-set-many', bucket: b.name, entries });
      },
      deleteMany: (b: Bucket, keys: string[]): void => {
        call('eventual-batch.delete-many', 'write-remote', { bucket: b.name, keys }, { op: 'kv-delete-many', bucket: b.name, keys });
      },
    },
    'wasi:keyvalue/atomic': {
      increment: notImplemented('wasi:keyvalue/atomic.increment'),
      compareAndSwap: notImplemented('wasi:keyvalue/atomic.compare-and-swap'),
    },
    'wasi:keyvalue/cache': {
      get: notImplemented('wasi:keyvalue/cache.get'),
      exists: notImplemented('wasi:keyvalue/cache.exists'),
      set: notImplemented('wasi:keyvalue/cache.set'),
      getOrSet: notImplemented('wasi:keyvalue/cache.get-or-set'),
      delete: notImplemented('wasi:keyvalue/cache.delete'),
      FutureGetResult: class FutureGetResult extends CacheResource {},
      FutureExistsResult: class FutureExistsResult extends CacheResource {},
      FutureResult: class FutureResult extends CacheResource {},
      FutureGetOrSetResult: class FutureGetOrSetResult extends CacheResource {},
      Vacancy: class Vacancy extends CacheResource {},
    },
  };
}
