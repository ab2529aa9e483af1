import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildCacheKey, cachedBuild } from './build-cache';

test('build cache: the key changes with every input, and a hit skips the build', async () => {
  const base = buildCacheKey('js', 'src', 'wit', undefined);
  assert.equal(buildCacheKey('js', 'src', 'wit', undefined), base);
  for (const other of [
    buildCacheKey('wat', 'src', 'wit', undefined),
    buildCacheKey('js', 'src2', 'wit', undefined),
    buildCacheKey('js', 'src', 'wit2', undefined),
    buildCacheKey('js', 'src', 'wit', 'w'),
    // Fields cannot run into each other.
    buildCacheKey('js', 'srcw', 'it', undefined),
  ])
    assert.notEqual(other, base);

  const dir = mkdtempSync(path.join(tmpdir(), 'dp-build-cache-'));
  const saved = process.env.PLAYGROUND_BUILD_CACHE;
  try {
    let builds = 0;
    const build = async () => (builds++, new Uint8Array([1, 2, builds]));
    delete process.env.PLAYGROUND_BUILD_CACHE;
    await cachedBuild('js', 's', 'w', undefined, build);
    assert.equal(builds, 1);
    assert.deepEqual(readdirSync(dir), [], 'off without PLAYGROUND_BUILD_CACHE');
    process.env.PLAYGROUND_BUILD_CACHE = dir;
    assert.deepEqual(await cachedBuild('js', 's', 'w', undefined, build), new Uint8Array([1, 2, 2]));
    assert.deepEqual(await cachedBuild('js', 's', 'w', undefined, build), new Uint8Array([1, 2, 2]), 'the stored bytes');
    assert.equal(builds, 2);
    await assert.rejects(
      cachedBuild('js', 'bad', 'w', undefined, async () => {
        throw new Error('nope');
      }),
      /nope/,
    );
    assert.equal(readdirSync(dir).length, 1, 'a failed build stores nothing');
  } finally {
    if (saved === undefined) delete process.env.PLAYGROUND_BUILD_CACHE;
    else process.env.PLAYGROUND_BUILD_CACHE = saved;
    rmSync(dir, { recursive: true, force: true });
  }
});
