// Start-up recovery yields to the event loop while it reads thousands of
// workers; meanwhile a recovered worker may call another (RPC), whose thread
// then starts. Recovery must leave that worker alone: it is already running
// (no second 'interrupted' entry written behind its thread's back).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { makeEngine, reopenEngine, root, LOOPBACK_ALLOWED, untilWorker } from './helpers';
import { kernelOf } from '../lib/runtime/engine';

const fixture = (f: string) => readFileSync(path.join(root, 'test', 'fixtures', 'golem-test', f), 'utf8');
const F = (fn: string) => `test:golem/api.{${fn}}`;

test(
  'a worker invoked before start-up recovery reaches it (a call from another worker may) is not recovered twice',
  { timeout: 60_000 },
  async () => {
    let calls = 0;
    const server = http.createServer((_req, res) => {
      calls += 1;
      if (calls === 1) return; // hangs: the worker is running at shutdown
      setTimeout(() => res.end('ok'), 1500); // the replayed call: answered after a while
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const t = makeEngine({ idleEvictMs: 60_000 });
    await t.engine.registerComponent('golemtest', { kind: 'js', source: fixture('golem-test.js'), wit: fixture('golem-test.wit') });
    const w = t.engine.createWorker({ component: 'golemtest', name: 'b' });
    void t.engine.invoke(w.id, { function: F('remote-write'), args: [url, true], idempotencyKey: 'rw', wait: false });
    await untilWorker(t, 'running', w.id, () => calls === 1, 20_000);
    await t.engine.shutdown();
    const restarted = reopenEngine(t.dbPath, { egress: LOOPBACK_ALLOWED });
    const e = restarted.engine;
    try {
      assert.equal(e.getWorker(w.id).status, 'running');
      const p = e.invoke(w.id, { function: F('count'), idempotencyKey: 'c' });
      p.catch(() => {});
      const k = kernelOf(e);
      const end = Date.now() + 20_000;
      while (!k.residents.get(w.id)?.thread && Date.now() < end) await new Promise((r) => setImmediate(r));
      const recovering = await e.recoverAll();
      await p;
      const kinds = e.store.slice(w.id, 1).map((x) => `${x.index}:${x.kind}`);
      assert.deepEqual(recovering, [], 'a worker whose thread already runs is not recovered again');
      assert.ok(!kinds.some((x) => x.endsWith(':interrupted')), `no crash entry written behind its running thread: ${kinds.join(' ')}`);
    } finally {
      await restarted.close();
      server.closeAllConnections();
      server.close();
      t.close();
    }
  },
);
