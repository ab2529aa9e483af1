// A worker inside a remote write on a shared thread is never moved (issue 13,
// lib/runtime/pool/hosts.ts). a and b share a thread; a's outgoing request is
// held by the service; b, invoked then, is moved off the blocked thread (it
// was idle). A second call for a must wait behind a's first: its instance is
// live inside the request, so a replay elsewhere would be a second instance
// of a — one that sent the request again (idempotence on) or failed on the
// unfinished non-idempotent write (off). Before, b's drop made the thread
// count as busy and a was moved too (found by an outside checker, 4/5 and 5/5).

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { makeEngine, untilValue, type TestEngine } from './helpers';

const GUEST = {
  kind: 'js',
  source: `import { setIdempotenceMode } from 'golem:api/host@1.5.0';
import { send } from 'playground:http/client@0.1.0';
let pings = 0;
export const api = {
  call(url, tag, idempotent) {
    setIdempotenceMode(idempotent);
    const r = send({ method: 'POST', url, headers: [['content-type', 'text/plain']], body: tag });
    return r.status + ' ' + r.body;
  },
  ping() {
    return ++pings;
  },
};
`,
  wit: `package t:slow;
interface api {
  call: func(url: string, tag: string, idempotent: bool) -> string;
  ping: func() -> u32;
}
world slow {
  import golem:api/host@1.5.0;
  import playground:http/client@0.1.0;
  export api;
}
`,
} as const;

/** A service that counts requests by body and answers none until `open()`; after that, every one at once. */
async function heldService(): Promise<{ url: string; seen: Map<string, number>; open(): void; close(): Promise<void> }> {
  const seen = new Map<string, number>();
  let held: (() => void)[] | undefined = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.set(body, (seen.get(body) ?? 0) + 1);
      const answer = () => res.writeHead(200, { 'content-type': 'text/plain' }).end(`ok ${body}`);
      if (held) held.push(answer);
      else answer();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slow`,
    seen,
    open() {
      for (const answer of held ?? []) answer();
      held = undefined;
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
}

let t: TestEngine | undefined;
after(async () => t?.close());

for (const idempotent of [true, false]) {
  test(
    `a call for a worker inside a held request on a shared thread waits for it (idempotence ${idempotent ? 'on' : 'off'})`,
    {
      timeout: 120_000,
    },
    async () => {
      await t?.close();
      t = makeEngine({ spareThreads: 0, idleEvictMs: 60_000, workersPerThread: 4 });
      const { engine } = t;
      const service = await heldService();
      after(() => service.close());
      await engine.registerComponent('slow', GUEST);
      const a = engine.createWorker({ component: 'slow', name: 'a' }).id;
      const b = engine.createWorker({ component: 'slow', name: 'b' }).id;
      assert.equal((await engine.invoke(a, { function: 'api.ping' })).result, 1);
      assert.equal((await engine.invoke(b, { function: 'api.ping' })).result, 1);
      assert.equal(engine.sharing().threads, 1, 'a and b share one thread');

      /** Invokes `w`'s call with key `tag` and waits until its request is held at the service. */
      const slowCall = async (w: string, tag: string) => {
        const call = engine.invoke(w, { function: 'api.call', args: [service.url, `${tag}-slow`, idempotent], idempotencyKey: tag });
        // Awaited at the end: a rejection before then is the test's failure, not an unhandled one.
        call.catch(() => {});
        await untilValue(
          `${tag} at the service`,
          () => service.seen.get(`${tag}-slow`) ?? 0,
          (n) => n === 1,
          30_000,
        );
        return { call }; // wrapped: an async function returning the promise would wait for it
      };
      // a's request is held: a's thread is blocked inside the call. Then b, idle, is moved off it and sends its own.
      const { call: aCall } = await slowCall(a, 'a');
      const { call: bCall } = await slowCall(b, 'b');
      assert.equal(engine.sharing().moved, 1, 'b was moved');
      // A second call for a, seen queued (so the runtime has placed it) before the service answers anything.
      const aPing = engine.invoke(a, { function: 'api.ping', idempotencyKey: 'a-ping' });
      aPing.catch(() => {});
      await untilValue(
        'a ping queued',
        () => engine.listPending(a).map((p) => p.idempotencyKey),
        (keys) => keys.includes('a-ping'),
        30_000,
      );
      service.open();

      assert.equal((await aCall).result, '200 ok a-slow');
      assert.equal((await aPing).result, 2, "the ping ran on a's one instance, after its call");
      assert.equal((await bCall).result, '200 ok b-slow');
      assert.equal(service.seen.get('a-slow'), 1, "a's request was sent once");
      assert.equal(service.seen.get('b-slow'), 1, "b's request was sent once");
      for (const id of [a, b]) assert.notEqual(engine.getWorker(id).status, 'failed', `${id} did not fail`);
      assert.equal(engine.sharing().moved, 1, 'a was not moved');
    },
  );
}
