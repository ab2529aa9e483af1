// Snapshots (golem:api/save-snapshot, load-snapshot) make recovery start from
// the newest snapshot, and Golem's worker update moves a worker to another
// component version: automatically when its history replays on the new one,
// or through a snapshot when it does not.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { makeEngine, example, recoveryDone, root, type TestEngine, jsExample } from './helpers';

// A snapshot every 20 entries (threads read this when they start).
process.env.PLAYGROUND_SNAPSHOT_EVERY = '20';

const fixture = (f: string) => readFileSync(path.join(root, 'test', 'fixtures', 'snapshot-counter', f), 'utf8');
let t: TestEngine;
before(async () => {
  t = makeEngine();
  await t.engine.registerComponent('snap', { kind: 'js', source: fixture('counter.js'), wit: fixture('counter.wit') });
});
after(() => t.close());

const add = (id: string, n: number) => t.engine.invoke(id, { function: 'test:snap/api.{add}', args: [n] }).then((r) => Number(r.result));
const get = (id: string) => t.engine.invoke(id, { function: 'test:snap/api.{get}' }).then((r) => Number(r.result));

const nextRecovery = (id: string) => recoveryDone(t, id);

test('recovery loads the newest snapshot and replays only what follows it', async () => {
  const w = t.engine.createWorker({ component: 'snap', name: 's1' });
  let sum = 0;
  for (let i = 1; i <= 30; i++) sum = await add(w.id, i);
  assert.equal(sum, 465);
  const snaps = t.engine.store.slice(w.id, 1).filter((e) => e.kind === 'snapshot');
  assert.ok(snaps.length >= 2, `snapshots were taken (${snaps.length})`);
  const last = snaps.at(-1)!.index;
  const after = t.engine.store.slice(w.id, last + 1).filter((e) => e.kind === 'exported-function-invoked').length;

  const recovered = nextRecovery(w.id);
  await t.engine.kill(w.id, { recover: true });
  const r = await recovered;
  assert.equal(r.replayedInvocations, after, 'only the invocations after the snapshot were replayed');
  assert.ok(after < 12);
  assert.equal(await get(w.id), 465);

  // A revert behind the newest snapshot hides it: recovery uses an older one (or none).
  await t.engine.revert(w.id, { lastInvocations: 6 }); // the get and the last five adds
  assert.equal(await get(w.id), 465 - (26 + 27 + 28 + 29 + 30));
});

test('an evaluation whose snapshot fails to load answers at once with the guest error', { timeout: 30_000 }, async () => {
  // Snapshots this version cannot load back: evaluating past one must say so, not wait out the invocation time limit.
  const source = fixture('counter.js').replace("encode(total + ':' + calls)", "encode('torn')");
  await t.engine.registerComponent('torn', { kind: 'js', source, wit: fixture('counter.wit') });
  const w = t.engine.createWorker({ component: 'torn', name: 't1' });
  for (let i = 1; i <= 12; i++) await t.engine.invoke(w.id, { function: 'test:snap/api.{add}', args: [i] });
  assert.ok(
    t.engine.store.slice(w.id, 1).some((e) => e.kind === 'snapshot'),
    'a snapshot was taken',
  );
  await assert.rejects(
    t.engine.evaluateAt(w.id, { index: t.engine.store.length(w.id), function: 'test:snap/api.{get}' }),
    /the evaluation failed: load-snapshot failed for the snapshot at oplog index \d+: .*not a counter snapshot: torn/,
  );
  // The worker itself goes on: it never needed its snapshot.
  assert.equal(Number((await t.engine.invoke(w.id, { function: 'test:snap/api.{get}' })).result), 78);
});

/** A worker of the example counter that has added 5, and a second version of its component: the counter's source changed by `edit`. */
async function counterAndV2(component: string, edit: { js: (js: string) => string; wit?: (wit: string) => string }) {
  await t.engine.registerComponent(component, jsExample('counter', 'counter'));
  const w = t.engine.createWorker({ component, name: `${component}-1` });
  await t.engine.invoke(w.id, { function: 'api.add', args: [5] });
  const v2 = await t.engine.registerComponent(component, {
    kind: 'js',
    source: edit.js(example('counter', 'counter.js')),
    wit: (edit.wit ?? String)(example('counter', 'counter.wit')),
  });
  return { w, v2 };
}

test('automatic update: the history replays on the new version, and the worker goes on with it', async () => {
  // v2: the same counter with one more export.
  const { w, v2 } = await counterAndV2('upd', {
    js: (js) => js + '\nexport const extra = { hello() { return "v2"; } };\n',
    wit: (wit) => wit.replace(/(world [^{]+\{)/, 'interface extra { hello: func() -> string; }\n$1\n  export extra;'),
  });
  const info = await t.engine.updateWorker(w.id, { version: v2.version });
  assert.equal(info.version, v2.version);
  assert.deepEqual(
    t.engine.store
      .slice(w.id, 1)
      .filter((e) => e.kind.endsWith('update'))
      .map((e) => e.kind),
    ['pending-update', 'successful-update'],
  );
  assert.equal((await t.engine.invoke(w.id, { function: 'api.add', args: [1] })).result, 6, 'state carried by replay');
  assert.equal((await t.engine.invoke(w.id, { function: 'extra.hello' })).result, 'v2');
});

test('an unknown update mode is refused, naming the modes there are, and writes nothing', async () => {
  const w = t.engine.createWorker({ component: 'snap', name: 'bad-mode' });
  const length = t.engine.store.length(w.id);
  await assert.rejects(
    t.engine.updateWorker(w.id, { version: 1, mode: 'replay' as never }),
    (e: Error & { status?: number }) => e.status === 400 && e.message === 'mode must be "automatic" or "snapshot-based"',
  );
  assert.equal(t.engine.store.length(w.id), length);
});

test('automatic update that diverges stays on the old version with a failed-update entry', async () => {
  // The doubling counter engine.test.ts and debugger.test.ts build too: one build for the three.
  const { w, v2 } = await counterAndV2('div', { js: (js) => js.replace('total += n;', 'total += 2 * n;') });
  await assert.rejects(t.engine.updateWorker(w.id, { version: v2.version }), /failed: replay diverged/);
  assert.equal(t.engine.getWorker(w.id).version, 1);
  const failed = t.engine.store.slice(w.id, 1).find((e) => e.kind === 'failed-update');
  assert.ok(failed && failed.kind === 'failed-update' && /diverged/.test(failed.details));
  assert.equal((await t.engine.invoke(w.id, { function: 'api.add', args: [1] })).result, 6);
});

test('snapshot-based update: the new version loads the old one’s state, its history is not replayed', async () => {
  const w = t.engine.createWorker({ component: 'snap', name: 's2' });
  await add(w.id, 40);
  await add(w.id, 2);
  // v2 multiplies: replaying the history on it would diverge; the snapshot carries 42.
  const v2 = await t.engine.registerComponent('snap', {
    kind: 'js',
    source: fixture('counter.js').replace('total += n;', 'total += n * 10;'),
    wit: fixture('counter.wit'),
  });
  const info = await t.engine.updateWorker(w.id, { version: v2.version, mode: 'snapshot-based' });
  assert.equal(info.version, v2.version);
  assert.equal(await get(w.id), 42);
  assert.equal(await add(w.id, 1), 52);
  // And it survives a kill: recovery starts from the update's snapshot.
  await t.engine.kill(w.id, { recover: true });
  assert.equal(await get(w.id), 52);
});

// golem:api 1.5's snapshot interfaces save and load a record { payload, mime-type }.
const V15_JS =
  fixture('counter.js')
    .replace("return encode(total + ':' + calls);", "return { payload: encode(total + ':' + calls), mimeType: 'text/x-counter' };")
    .replace('load(bytes) {', 'load(snapshot) {\n    loadedMime = snapshot.mimeType;\n    const bytes = snapshot.payload;') +
  "\nlet loadedMime = 'none';\nexport const info = { mime() { return loadedMime; } };\n";
const V15_WIT = fixture('counter.wit')
  .replaceAll('@1.1.7', '@1.5.0')
  .replace('world snap-counter {', 'interface info { mime: func() -> string; }\n\nworld snap-counter {\n  export info;');
const mime = (id: string) => t.engine.invoke(id, { function: 'test:snap/info.{mime}' }).then((r) => r.result);

test('golem:api 1.5 snapshot record: saved with its mime type, loaded back as a record at recovery', async () => {
  await t.engine.registerComponent('snap15', { kind: 'js', source: V15_JS, wit: V15_WIT });
  const w = t.engine.createWorker({ component: 'snap15', name: 'r1' });
  let sum = 0;
  for (let i = 1; i <= 30; i++) sum = await add(w.id, i);
  const snaps = t.engine.store.slice(w.id, 1).filter((e) => e.kind === 'snapshot');
  assert.ok(snaps.length >= 2, `snapshots were taken (${snaps.length})`);
  assert.ok(
    snaps.every((e) => e.kind === 'snapshot' && e.mimeType === 'text/x-counter'),
    'the mime type is kept',
  );
  const recovered = nextRecovery(w.id);
  await t.engine.kill(w.id, { recover: true });
  assert.ok(((await recovered).replayedInvocations ?? Infinity) < 12, 'recovery started from a snapshot');
  assert.equal(await get(w.id), sum);
  assert.equal(await mime(w.id), 'text/x-counter', 'load got the record, mime type included');
});

test('snapshot-based update from a 1.1.7 version (bytes) to a 1.5 version (record)', async () => {
  await t.engine.registerComponent('snapmix', { kind: 'js', source: fixture('counter.js'), wit: fixture('counter.wit') });
  const w = t.engine.createWorker({ component: 'snapmix', name: 'm1' });
  await add(w.id, 40);
  await add(w.id, 2);
  const v2 = await t.engine.registerComponent('snapmix', {
    kind: 'js',
    source: V15_JS.replace('total += n;', 'total += n * 10;'),
    wit: V15_WIT,
  });
  await t.engine.updateWorker(w.id, { version: v2.version, mode: 'snapshot-based' });
  assert.equal(await get(w.id), 42);
  assert.equal(await mime(w.id), 'application/octet-stream', 'bytes from 1.1.7 arrive as an octet stream');
  assert.equal(await add(w.id, 1), 52);
  // And 1.5 to 1.5: the record's mime type goes through the update.
  const v3 = await t.engine.registerComponent('snapmix', { kind: 'js', source: V15_JS, wit: V15_WIT });
  await t.engine.updateWorker(w.id, { version: v3.version, mode: 'snapshot-based' });
  assert.equal(await get(w.id), 52);
  assert.equal(await mime(w.id), 'text/x-counter');
});
