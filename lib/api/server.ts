// Server-side singletons of the web app: the runtime client and a read
// connection to the store (oplog reads never need the runtime to be up).

import { openDatabase } from '../store/db';
import { OplogStore } from '../store/oplog-store';
import { runtime as runtimeClient, type RuntimeClient } from '../runtime/client';

const KEY = Symbol.for('durable-playground.store');

export function oplogStore(): OplogStore {
  const g = globalThis as unknown as Record<symbol, OplogStore | undefined>;
  g[KEY] ??= new OplogStore(openDatabase());
  return g[KEY]!;
}

export function runtime(): RuntimeClient {
  oplogStore(); // migrations run here, before the runtime opens the same file
  return runtimeClient();
}
