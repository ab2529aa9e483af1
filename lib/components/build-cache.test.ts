import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildCacheKey, cachedBuild, cachedTranspile, transpileCacheKey } from './build-cache';

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

test('build cache: builds of the same inputs at once run once; a lock left by a dead process is taken over', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dp-build-cache-'));
  const saved = process.env.PLAYGROUND_BUILD_CACHE;
  process.env.PLAYGROUND_BUILD_CACHE = dir;
  try {
    let builds = 0;
    const slow = async () => {
      builds++;
      await new Promise((r) => setTimeout(r, 200));
      return new Uint8Array([7, builds]);
    };
    const both = await Promise.all([cachedBuild('js', 'same', 'w', undefined, slow), cachedBuild('js', 'same', 'w', undefined, slow)]);
    assert.equal(builds, 1, 'the second waited for the first one’s bytes');
    assert.deepEqual(both, [new Uint8Array([7, 1]), new Uint8Array([7, 1])]);

    // Another (live) process holds the lock: its bytes are taken when they appear, nothing is built.
    const file = path.join(dir, `${buildCacheKey('js', 'theirs', 'w', undefined)}.wasm`);
    writeFileSync(`${file}.lock`, String(process.ppid));
    setTimeout(() => {
      writeFileSync(file, new Uint8Array([9]));
      rmSync(`${file}.lock`);
    }, 300);
    assert.deepEqual(await cachedBuild('js', 'theirs', 'w', undefined, slow), new Uint8Array([9]));
    assert.equal(builds, 1);

    // The holder died without storing anything: its lock is taken over and the build runs.
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const orphan = path.join(dir, `${buildCacheKey('js', 'orphan', 'w', undefined)}.wasm`);
    writeFileSync(`${orphan}.lock`, dead.stdout);
    assert.deepEqual(await cachedBuild('js', 'orphan', 'w', undefined, slow), new Uint8Array([7, 2]));
    assert.deepEqual(
      readdirSync(dir).sort(),
      [`${path.basename(file)}`, `${path.basename(orphan)}`, `${buildCacheKey('js', 'same', 'w', undefined)}.wasm`].sort(),
      'no lock or temp file is left',
    );
  } finally {
    if (saved === undefined) delete process.env.PLAYGROUND_BUILD_CACHE;
    else process.env.PLAYGROUND_BUILD_CACHE = saved;
    rmSync(dir, { recursive: true, force: true });
  }
});

test('transpile cache: jco’s files come back as they were stored, a hit skips the transpile, the key follows bytes and options', async () => {
  const bytes = new Uint8Array([0, 97, 115, 109, 1]);
  const key = transpileCacheKey(bytes, { map: { a: 'b' } });
  assert.equal(transpileCacheKey(new Uint8Array(bytes), { map: { a: 'b' } }), key);
  assert.notEqual(transpileCacheKey(new Uint8Array([0, 97, 115, 109, 2]), { map: { a: 'b' } }), key);
  assert.notEqual(transpileCacheKey(bytes, { map: { a: 'c' } }), key);

  const dir = mkdtempSync(path.join(tmpdir(), 'dp-build-cache-'));
  const saved = process.env.PLAYGROUND_BUILD_CACHE;
  try {
    let runs = 0;
    const files: [string, Uint8Array][] = [
      ['component.js', new TextEncoder().encode('export const é = 1;\n')],
      ['component.core.wasm', new Uint8Array([0, 97, 115, 109, 255])],
      ['empty.wasm', new Uint8Array()],
    ];
    const transpile = async () => (runs++, files);
    delete process.env.PLAYGROUND_BUILD_CACHE;
    assert.equal(await cachedTranspile(bytes, {}, transpile), files);
    assert.deepEqual(readdirSync(dir), [], 'off without PLAYGROUND_BUILD_CACHE');
    process.env.PLAYGROUND_BUILD_CACHE = dir;
    assert.deepEqual(await cachedTranspile(bytes, {}, transpile), files);
    assert.deepEqual(await cachedTranspile(bytes, {}, transpile), files, 'the stored files');
    assert.equal(runs, 2);
    await assert.rejects(
      cachedTranspile(new Uint8Array([1]), {}, async () => {
        throw new Error('bad component');
      }),
      /bad component/,
    );
    assert.deepEqual(readdirSync(dir), [`${transpileCacheKey(bytes, {})}.jco`], 'a failed transpile stores nothing');
  } finally {
    if (saved === undefined) delete process.env.PLAYGROUND_BUILD_CACHE;
    else process.env.PLAYGROUND_BUILD_CACHE = saved;
    rmSync(dir, { recursive: true, force: true });
  }
});
