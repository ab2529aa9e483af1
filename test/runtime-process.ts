// A runtime process (the .runtime bundle, as the web app runs it) on a database
// of its own, for tests that SIGKILL it: stopped and its folder removed after
// the tests (of the file, or of the test it is made in).

import { after } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RuntimeClient } from '../lib/runtime/client';
import { root } from './helpers';

export function runtimeProcess(prefix: string, env: Record<string, string> = {}): { rt: RuntimeClient; dbPath: string } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  const dbPath = path.join(dir, 'runtime.db');
  const rt = new RuntimeClient(path.join(root, '.runtime', 'runtime.mjs'), { ...process.env, ...env, DATABASE_URL: `file:${dbPath}` });
  after(async () => {
    await rt.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  return { rt, dbPath };
}
