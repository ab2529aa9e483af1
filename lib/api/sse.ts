// Server-sent events: backlog first, then live events, without gaps or
// duplicates (entries are deduplicated by their oplog index).

import type { RuntimeEvent } from '../runtime/client';
import type { OplogEntry } from '../oplog/entry';
import { oplogStore, runtime } from './server';

const enc = new TextEncoder();

export function eventStream(req: Request, opts: { workerId?: string; from?: number }): Response {
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let open = true;
      const send = (event: string, data: unknown, id?: number) => {
        if (!open) return;
        controller.enqueue(enc.encode(`${id !== undefined ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
      };
      let lastSent = (opts.from ?? 1) - 1;
      let backlogDone = opts.workerId === undefined || opts.from === undefined;
      const buffered: RuntimeEvent[] = [];
      const sendEntries = (entries: OplogEntry[]) => {
        const fresh = entries.filter((e) => e.index > lastSent);
        if (fresh.length === 0) return;
        lastSent = fresh[fresh.length - 1].index;
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
      const ping = setInterval(() => open && controller.enqueue(enc.encode(': ping\n\n')), 15000);
      cleanup = () => {
        if (!open) return;
        open = false;
        clearInterval(ping);
        unsubscribe();
        try {
          controller.close();
        } catch {
          /* already closed */
        }
      };
      req.signal.addEventListener('abort', cleanup);
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, {
    headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' },
  });
}
