import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RuntimeClient } from './client';

/** A stand-in runtime: says ready, then idles until a signal ends it (SIGTERM's default: exit by signal). */
function idleRuntime(): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'client-test-')), 'idle.mjs');
  writeFileSync(file, 'process.send({ ready: {} });\nsetInterval(() => {}, 1000);\n');
  return file;
}

/** `p`, or a failure naming `what` after `ms`. */
function within<T>(p: Promise<T>, what: string, ms = 5000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not return in ${ms} ms`)), ms)));
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

test('RuntimeClient.stop: a second stop after the runtime exited by SIGTERM returns; calls side by side all return', async () => {
  const client = new RuntimeClient(idleRuntime());
  await within(client.whenReady(), 'the stand-in runtime');
  const pid = client.pid;
  assert.ok(pid);
  await within(Promise.all([client.stop(), client.stop()]), 'two stops side by side');
  assert.throws(() => process.kill(pid, 0), /ESRCH/, 'the runtime process is gone');
  await within(client.stop(), 'a stop after the runtime exited');
  assert.equal(client.pid, pid, 'a stopped runtime is not restarted');
});

test('RuntimeClient.crash after stop returns at once instead of waiting for an exit that already happened', async () => {
  const client = new RuntimeClient(idleRuntime());
  await within(client.whenReady(), 'the stand-in runtime');
  await within(client.stop(), 'stop');
  assert.equal(await within(client.crash(), 'a crash of a stopped runtime'), undefined);
});

test('RuntimeClient: a runtime that dies before it is ready hands the calls and event streams waiting for it to the next one', async () => {
  // The first start exits before saying ready (a crash during start-up recovery); the next one is ready.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'client-test-'));
  const file = path.join(dir, 'dies-once.mjs');
  const marker = path.join(dir, 'started-once');
  writeFileSync(
    file,
    `import { existsSync, writeFileSync } from 'node:fs';
if (!existsSync(${JSON.stringify(marker)})) { writeFileSync(${JSON.stringify(marker)}, ''); process.exit(1); }
process.on('message', (m) => { for (const c of m.batch ?? [m]) process.send({ id: c.id, ok: true, value: c.method }); });
process.send({ ready: {} });
setInterval(() => {}, 1000);
`,
  );
  const client = new RuntimeClient(file);
  const stop = client.onEvent(() => {});
  try {
    const call = client.call('listComponents') as Promise<unknown>; // made while the first runtime is starting
    // Two runtime processes start before the answer: on a loaded CI machine, at low priority, that took over 5 s once.
    assert.equal(
      await within(call, 'a call made while the first runtime was starting', 30_000),
      'listComponents',
      'answered by the next one',
    );
    await within(client.eventsFlowing(), 'an event stream opened while the first runtime was starting', 30_000);
    assert.equal(client.restarts, 1);
  } finally {
    stop();
    await client.stop();
  }
});
