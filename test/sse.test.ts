// A worker's event stream resumes where the client left off: reconnecting
// with Last-Event-ID gets every entry after that id once, then live entries.

import { test, after, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { jsExample } from './helpers';

const dir = mkdtempSync(path.join(tmpdir(), 'dp-sse-'));
process.env.DATABASE_URL = `file:${path.join(dir, 'sse.db')}`;

const events = await import('../app/api/workers/[component]/[name]/events/route');
const { runtime } = await import('../lib/api/server');

after(async () => {
  await runtime().stop();
  rmSync(dir, { recursive: true, force: true });
});

interface Sse {
  id?: number;
  event: string;
  data: { entries?: { index: number }[]; lastIndex?: number; error?: string };
}

/** Reads server-sent events off a response, one at a time. */
function sseReader(res: Response) {
  const reader = res.body!.getReader();
  const dec = new TextDecoder();
  let buf = '';
  return async function next(): Promise<Sse> {
    for (;;) {
      const end = buf.indexOf('\n\n');
      if (end >= 0) {
        const block = buf.slice(0, end);
        buf = buf.slice(end + 2);
        if (block.startsWith(':')) continue; // ping
        const field = (k: string) =>
          block
            .split('\n')
            .find((l) => l.startsWith(`${k}: `))
            ?.slice(k.length + 2);
        const id = field('id');
        return { id: id === undefined ? undefined : Number(id), event: field('event')!, data: JSON.parse(field('data')!) };
      }
      const { value, done } = await reader.read();
      if (done) throw new Error('the stream ended');
      buf += dec.decode(value, { stream: true });
    }
  };
}

const open = (headers: Record<string, string>, signal: AbortSignal) =>
  events.GET(new Request('http://x/api/workers/counter/sse/events', { headers, signal }), {
    params: Promise.resolve({ component: 'counter', name: 'sse' }),
  });

/** Entry indices up to the `ready` event; each `entries` event's id is its last index. */
async function backlog(next: () => Promise<Sse>): Promise<{ indices: number[]; ready: number }> {
  const indices: number[] = [];
  for (;;) {
    const e = await next();
    if (e.event === 'ready') return { indices, ready: e.data.lastIndex! };
    if (e.event !== 'entries') continue;
    const got = e.data.entries!.map((x) => x.index);
    assert.equal(e.id, got.at(-1), 'the event id is the last index it carries');
    indices.push(...got);
  }
}

test('SSE: reconnecting with Last-Event-ID resumes after that entry, without gaps or repeats, then goes live', async (t) => {
  const rt = runtime();
  await rt.api.registerComponent('counter', jsExample('counter', 'counter'));
  const w = await rt.api.createWorker({ component: 'counter', name: 'sse' });
  for (let i = 0; i < 3; i++) await rt.api.invoke(w.id, { function: 'api.add', args: [1] });

  // A client that saw up to entry 5, then lost its connection while two more invocations ran.
  for (let i = 0; i < 2; i++) await rt.api.invoke(w.id, { function: 'api.add', args: [1] });
  const length = (await rt.api.getWorker(w.id)).oplogLength;
  assert.equal(length, 11);
  const ac = new AbortController();
  const ac2 = new AbortController();
  // Streams left open (a failed assertion) would keep the test process alive.
  t.after(() => (ac.abort(), ac2.abort()));
  const res = await open({ 'last-event-id': '5' }, ac.signal);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'text/event-stream');
  const next = sseReader(res);
  const first = await backlog(next);
  assert.deepEqual(first.indices, [6, 7, 8, 9, 10, 11], 'every entry after 5, once, in order');
  assert.equal(first.ready, 11);

  // Live: the next invocation's entries arrive once, continuing the numbering.
  await rt.api.invoke(w.id, { function: 'api.add', args: [1] });
  assert.deepEqual(await indices(next, 2), [12, 13]);
  ac.abort();

  // Without Last-Event-ID or ?from, only new entries come; a bad id is refused.
  assert.deepEqual(await backlog(sseReader(await open({}, ac2.signal))), { indices: [], ready: 13 });
  ac2.abort();
  const bad = await open({ 'last-event-id': 'abc' }, new AbortController().signal);
  assert.equal(bad.status, 400);
  assert.match((await bad.json()).error, /"from" must be a positive integer/);
});

/** Runs `act` with every listener of the runtime's events detached: what it makes is committed but never heard. */
async function unheard(rt: ReturnType<typeof runtime>, act: () => Promise<unknown>): Promise<void> {
  const listeners = (rt as unknown as { listeners: Set<(e: unknown) => void> }).listeners;
  const held = [...listeners];
  listeners.clear();
  try {
    await act();
  } finally {
    for (const l of held) listeners.add(l);
  }
}

/**
 * A stream on the `sse` worker read past its backlog (up to `ready`), then one invocation whose events its listener
 * misses, as when the runtime dies between commit and send.
 */
async function streamThatMissedOne(t: TestContext) {
  const rt = runtime();
  const w = (await rt.api.listWorkers({ component: 'counter' })).find((x) => x.name === 'sse')!;
  const ac = new AbortController();
  t.after(() => ac.abort());
  const next = sseReader(await open({}, ac.signal));
  const { ready } = await backlog(next);
  await unheard(rt, () => rt.api.invoke(w.id, { function: 'api.add', args: [1] }));
  return { rt, w, next, ready };
}

/** The indices the next `entries` events carry, read until `count` have come. */
async function indices(next: () => Promise<Sse>, count: number): Promise<number[]> {
  const seen: number[] = [];
  while (seen.length < count) {
    const e = await next();
    if (e.event === 'entries') seen.push(...e.data.entries!.map((x) => x.index));
  }
  return seen;
}

test(
  'SSE: entries whose events never came (a runtime crash between commit and send) are read from the database',
  { timeout: 30_000 },
  async (t) => {
    const { rt, w, next, ready } = await streamThatMissedOne(t);
    await rt.api.invoke(w.id, { function: 'api.add', args: [1] });
    assert.deepEqual(
      await indices(next, 4),
      [ready + 1, ready + 2, ready + 3, ready + 4],
      'the missed entries first, then the new ones, each once',
    );
  },
);

test('SSE: when the runtime restarts, a stream reads what the crashed one committed but never sent', { timeout: 30_000 }, async (t) => {
  const { rt, next, ready } = await streamThatMissedOne(t);
  // No more entries come for this worker: only the restart tells the stream to look.
  (rt as unknown as { emit(e: unknown): void }).emit({ type: 'runtime', phase: 'restarted', at: Date.now() });
  assert.deepEqual(await indices(next, 2), [ready + 1, ready + 2]);
});
