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
