// wasi:blobstore as Golem offers it. Containers, values and name streams are
// in-memory handles; each read or write of the store is one durable call that
// the runtime answers from the database (read-remote / write-remote, as in
// Golem), so replay never touches the store. A container's name and info are
// what create/get-container returned (not durable calls, as in Golem); a
// write records the object's length, not its bytes.

import type { HostContext } from './context';
import { InputStream, OutgoingBytes, OutputStream, bufferSource } from './io';
import { storeCall, type ObjectRef, type StoreCall } from './store-call';
import type { Durability } from '../oplog/entry';

export class BlobOutgoingValue extends OutgoingBytes {
  static newOutgoingValue(): BlobOutgoingValue {
    return new BlobOutgoingValue();
  }
  outgoingValueWriteBody(): OutputStream {
    return this.stream();
  }
}

export class BlobIncomingValue {
  constructor(private readonly body: Uint8Array) {}
  incomingValueConsumeSync(): Uint8Array {
    return this.body;
  }
  incomingValueConsumeAsync(): InputStream {
    return new InputStream(bufferSource(this.body));
  }
  size(): bigint {
    return BigInt(this.body.length);
  }
}

/** Golem's stream of names: reads take names from the end of the list. */
export class StreamObjectNames {
  constructor(private readonly names: string[]) {}
  readStreamObjectNames(len: bigint): [string[], boolean] {
    const out: string[] = [];
    for (let i = 0n; i < len; i++) {
      const n = this.names.pop();
      if (n === undefined) return [out, true];
      out.push(n);
    }
    return [out, false];
  }
  skipStreamObjectNames(num: bigint): [bigint, boolean] {
    let skipped = 0n;
    for (let i = 0n; i < num; i++) {
      if (this.names.pop() === undefined) return [skipped, true];
      skipped += 1n;
    }
    return [skipped, false];
  }
}

export function blobstoreImports(ctx: HostContext) {
  const call = <T>(fn: string, durability: Durability, request: unknown, c: StoreCall): T =>
    ctx.durable(`wasi:blobstore/${fn}`, durability, request, () => storeCall<T>(ctx, c));

  class Container {
    constructor(
      private readonly containerName: string,
      private readonly createdAt: number,
    ) {}
    name(): string {
      return this.containerName;
    }
    info() {
      return { name: this.containerName, createdAt: BigInt(this.createdAt) };
    }
    private ref(object: string) {
      return { container: this.containerName, object };
    }
    getData(name: string, start: bigint, end: bigint): BlobIncomingValue {
      const req = { ...this.ref(name), start: Number(start), end: Number(end) };
      return new BlobIncomingValue(call<Uint8Array>('container.get-data', 'read-remote', req, { op: 'bs-get-data', ...req }));
    }
    writeData(name: string, data: BlobOutgoingValue): void {
      const bytes = data.bytes();
      call(
        'container.write-data',
        'write-remote',
        { ...this.ref(name), length: bytes.length },
        { op: 'bs-write-data', ...this.ref(name), data: bytes },
      );
    }
    listObjects(): StreamObjectNames {
      const c = { container: this.containerName };
      return new StreamObjectNames(call<string[]>('container.list-objects', 'read-remote', c, { op: 'bs-list-objects', ...c }));
    }
    deleteObject(name: string): void {
      call('container.delete-object', 'write-remote', this.ref(name), { op: 'bs-delete-object', ...this.ref(name) });
    }
    deleteObjects(names: string[]): void {
      const req = { container: this.containerName, objects: names };
      call('container.delete-objects', 'write-remote', req, { op: 'bs-delete-objects', ...req });
    }
    hasObject(name: string): boolean {
      return call<boolean>('container.has-object', 'read-remote', this.ref(name), { op: 'bs-has-object', ...this.ref(name) });
    }
    objectInfo(name: string) {
      const info = call<{ createdAt: number; size: number }>('container.object-info', 'read-remote', this.ref(name), {
        op: 'bs-object-info',
        ...this.ref(name),
      });
      return { name, container: this.containerName, createdAt: BigInt(info.createdAt), size: BigInt(info.size) };
    }
    clear(): void {
      const c = { container: this.containerName };
      call('container.clear', 'write-remote', c, { op: 'bs-clear', ...c });
    }
  }

  const ids = (src: ObjectRef, dest: ObjectRef) => ({
    src: { container: src.container, object: src.object },
    dest: { container: dest.container, object: dest.object },
  });
  return {
    'wasi:blobstore/types': { OutgoingValue: BlobOutgoingValue, IncomingValue: BlobIncomingValue },
    'wasi:blobstore/container': { Container, StreamObjectNames },
    'wasi:blobstore/blobstore': {
      createContainer: (name: string) =>
        new Container(
          name,
          call<number>('blobstore.create-container', 'write-remote', { container: name }, { op: 'bs-create-container', container: name }),
        ),
      getContainer: (name: string) =>
        new Container(
          name,
          call<number>('blobstore.get-container', 'read-remote', { container: name }, { op: 'bs-get-container', container: name }),
        ),
      deleteContainer: (name: string): void => {
        call('blobstore.delete-container', 'write-remote', { container: name }, { op: 'bs-delete-container', container: name });
      },
      containerExists: (name: string) =>
        call<boolean>('blobstore.container-exists', 'read-remote', { container: name }, { op: 'bs-container-exists', container: name }),
      copyObject: (src: ObjectRef, dest: ObjectRef): void => {
        call('blobstore.copy-object', 'write-remote', ids(src, dest), { op: 'bs-copy-object', ...ids(src, dest) });
      },
      moveObject: (src: ObjectRef, dest: ObjectRef): void => {
        call('blobstore.move-object', 'write-remote', ids(src, dest), { op: 'bs-move-object', ...ids(src, dest) });
      },
    },
  };
}
