// The web app going away while the runtime still has answers to send: the
// runtime must end quietly (exit 0), not with an unhandled EPIPE or
// ERR_IPC_CHANNEL_CLOSED stack trace in the server's log.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { root } from './helpers';

test('a runtime whose parent disconnects with answers in flight exits 0 and prints no error', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'runtime-disconnect-'));
  try {
    const child = fork(path.join(root, '.runtime', 'runtime.mjs'), [], {
      env: { ...process.env, DATABASE_URL: `file:${path.join(dir, 'runtime.db')}` },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.on('message', (m: { ready?: unknown }) => {
      if (!m || typeof m !== 'object' || !('ready' in m)) return;
      // Hundreds of answers queued, then the parent leaves before they are all written.
      for (let i = 0; i < 300; i++) child.send({ id: i, method: 'listWorkers', params: [{}] });
      setTimeout(() => child.disconnect(), 1);
    });
    const code = await exited;
    assert.equal(stderr, '', 'nothing printed on stderr');
    assert.equal(code, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
