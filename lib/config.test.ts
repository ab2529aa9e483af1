// One module reads the environment; the README's table is its copy.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SETTINGS, config, configMarkdown } from './config';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

test("the README's configuration table is lib/config.ts's", () => {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const m = /<!-- config:start -->\n([\s\S]*?)\n<!-- config:end -->/.exec(readme);
  assert.ok(m, 'README.md has no <!-- config:start --> ... <!-- config:end --> block');
  assert.equal(m[1], configMarkdown(), 'README.md documents other settings than lib/config.ts; paste configMarkdown() between the markers');
});

test('no other module under lib/, app/ or components/ reads the environment', () => {
  const offenders: string[] = [];
  for (const dir of ['lib', 'app', 'components']) {
    for (const f of readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' })) {
      if (!/\.tsx?$/.test(f) || /\.test\.tsx?$/.test(f) || f.split(path.sep).includes('db')) continue;
      const file = path.join(dir, f);
      if (file === path.join('lib', 'config.ts')) continue;
      const src = readFileSync(path.join(root, file), 'utf8').replace(/^\s*(\/\/|\*).*$/gm, '');
      if (/process\.env\.[A-Z_]+|process\.env\[/.test(src)) offenders.push(file);
    }
  }
  assert.deepEqual(offenders, []);
});

test('a setting is read when asked for, with its default, and a bad number is refused by name', () => {
  const saved = process.env.PLAYGROUND_SNAPSHOT_EVERY;
  try {
    delete process.env.PLAYGROUND_SNAPSHOT_EVERY;
    assert.equal(config.snapshotEvery, 1000);
    process.env.PLAYGROUND_SNAPSHOT_EVERY = '20';
    assert.equal(config.snapshotEvery, 20);
    process.env.PLAYGROUND_SNAPSHOT_EVERY = 'lots';
    assert.throws(() => config.snapshotEvery, /PLAYGROUND_SNAPSHOT_EVERY must be a non-negative number, got "lots"/);
  } finally {
    if (saved === undefined) delete process.env.PLAYGROUND_SNAPSHOT_EVERY;
    else process.env.PLAYGROUND_SNAPSHOT_EVERY = saved;
  }
  assert.equal(Object.keys(SETTINGS).length, new Set(Object.values(SETTINGS).map((s) => s.env)).size);
});
