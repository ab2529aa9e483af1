// Server-sent events of the runtime: backlog first, then live events, without
// gaps or duplicates (entries are deduplicated by their oplog index). The
// oplog is the source of truth: a worker's stream that sees a gap in the
// indices (the runtime committed entries and crashed before it sent their
// events) reads the missing ones from the database, as it does when the
// runtime says it restarted.

import type { RuntimeEvent } from '../runtime/client';
import type { OplogEntry } from '../oplog/entry';
import { eventStream } from './event-stream';
import { oplogStore, runtime } from './server';

/** Entries read from the database per query while catching up. */
const PAGE = 2000;

export function runtimeEventStream(req: Request, opts: { workerId?: string; from?: number }): Response {
  return eventStream(req, (send) => {
    const workerId = opts.workerId;
    let lastSent = (opts.from ?? 1) - 1;
    let backlogDone = workerId === undefined || opts.from === undefined;
    const buffered: RuntimeEvent[] = [];
    const emit = (fresh: OplogEntry[]) => {
      lastSent = fresh.at(-1)?.index ?? lastSent;
      send('entries', { entries: fresh }, lastSent);
    };
    /** Sends what the database holds after the last entry sent, up to `to`. */
    const catchUp = (to = Number.MAX_SAFE_INTEGER) => {
      if (workerId === undefined) return;
      const store = oplogStore();
      while (lastSent < to) {
        const page = store.slice(workerId, lastSent + 1, Math.min(to, lastSent + PAGE));
        if (page.length === 0) break;
        emit(page);
      }
    };
    const sendEntries = (entries: OplogEntry[]) => {
      const fresh = entries.filter((e) => e.index > lastSent);
      if (fresh.length === 0) return;
      if (fresh[0]!.index > lastSent + 1) catchUp(fresh[0]!.index - 1);
      emit(fresh.filter((e) => e.index > lastSent));
    };
    const deliver = (e: RuntimeEvent) => {
      if (e.type === 'runtime') {
        send('runtime', e);
        // Restarted: what the crashed runtime committed but never sent is in the database.
        if (e.phase === 'restarted') catchUp();
        return;
      }
      if (workerId !== undefined && e.workerId !== workerId) return;
      if (e.type === 'entries') {
        if (workerId !== undefined) sendEntries(e.entries);
        else send('entries', { workerId: e.workerId, length: e.entries[e.entries.length - 1]?.index });
      } else send(e.type, e);
    };
    let closed = false;
    const rt = runtime();
    const unsubscribe = rt.onEvent((e) => (backlogDone ? deliver(e) : buffered.push(e)));
    // The runtime sends events only while someone listens: the backlog is read once they flow again,
    // so what was committed before is in the database, and what comes after arrives as events.
    void rt.eventsFlowing().then(() => {
      if (closed) return;
      if (!backlogDone) {
        catchUp();
        backlogDone = true;
        for (const e of buffered.splice(0)) deliver(e);
      }
      send('ready', { lastIndex: lastSent });
    });
    return () => {
      closed = true;
      unsubscribe();
    };
  });
}
