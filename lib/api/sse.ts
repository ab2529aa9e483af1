// Server-sent events of the runtime: backlog first, then live events, without
// gaps or duplicates (entries are deduplicated by their oplog index).

import type { RuntimeEvent } from '../runtime/client';
import type { OplogEntry } from '../oplog/entry';
import { eventStream } from './event-stream';
import { oplogStore, runtime } from './server';

export function runtimeEventStream(req: Request, opts: { workerId?: string; from?: number }): Response {
  return eventStream(req, (send) => {
    let lastSent = (opts.from ?? 1) - 1;
    let backlogDone = opts.workerId === undefined || opts.from === undefined;
    const buffered: RuntimeEvent[] = [];
    const sendEntries = (entries: OplogEntry[]) => {
      const fresh = entries.filter((e) => e.index > lastSent);
      if (fresh.length === 0) return;
      lastSent = fresh.at(-1)?.index ?? lastSent;
      send('entries', { entries: fresh }, lastSent);
    };
    const deliver = (e: RuntimeEvent) => {
      if (e.type === 'runtime') return send('runtime', e);
      if (opts.workerId !== undefined && e.workerId !== opts.workerId) return;
      if (e.type === 'entries') {
        if (opts.workerId !== undefined) sendEntries(e.entries);
        else send('entries', { workerId: e.workerId, length: e.entries[e.entries.length - 1]?.index });
      } else send(e.type, e);
    };
    const unsubscribe = runtime().onEvent((e) => (backlogDone ? deliver(e) : buffered.push(e)));
    if (!backlogDone && opts.workerId !== undefined) {
      const store = oplogStore();
      for (;;) {
        const page = store.slice(opts.workerId, lastSent + 1, lastSent + 2000);
        if (page.length === 0) break;
        sendEntries(page);
      }
      backlogDone = true;
      for (const e of buffered.splice(0)) deliver(e);
    }
    send('ready', { lastIndex: lastSent });
    return unsubscribe;
  });
}
