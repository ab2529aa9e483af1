// Upload rejects, naming the interface and the function, any import this host
// cannot satisfy (checked function by function against the import object a
// worker gets), and writes nothing: a component is accepted only if it can be
// instantiated. The binaries are built here with jco from core WAT and WIT that
// declare what they import, as another toolchain would produce them.

import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { makeEngine, type TestEngine } from './helpers';
import { UserError } from '../lib/components/errors';

let t: TestEngine;
before(() => {
  t = makeEngine();
});
after(() => t.close());

/** A component importing `func` of `pkg/iface@ver` (WIT text given) and exporting `f`. */
async function component(witPackage: string, importName: string, coreImport: string): Promise<Uint8Array> {
  const jco = await import('@bytecodealliance/jco');
  const wat = `(module (import "${importName}" "${coreImport}" (func $g (result i32)))
    (memory (export "memory") 1) (func (export "f") (result i32) call $g))`;
  const wit = `package test:up;\nworld w {\n  import ${importName};\n  export f: func() -> u32;\n}\n${witPackage}`;
  const embedded = await jco.componentEmbed({ binary: await jco.parse(wat), witSource: wit, world: 'w' });
  return jco.componentNew(embedded, undefined);
}

async function rejected(name: string, bytes: Uint8Array): Promise<string> {
  const e = await t.engine.registerComponent(name, { kind: 'upload', bytes }).then(
    () => undefined,
    (x: unknown) => x,
  );
  assert.ok(e instanceof UserError, `${name} was accepted`);
  assert.equal(e.status, 400);
  assert.equal(t.engine.components.getVersion(name), undefined, 'nothing written');
  return e.message;
}

test('a function our golem:api/host@1.1.7 does not have is named with its interface', async () => {
  const pkg =
    'package golem:api@1.1.7 {\n  interface host {\n    oplog-commit: func(replicas: u8);\n    get-secret: func() -> u32;\n  }\n}';
  const msg = await rejected('extra-fn', await component(pkg, 'golem:api/host@1.1.7', 'get-secret'));
  assert.match(msg, /golem:api\/host@1\.1\.7: get-secret$/);
});

test('an unknown version of golem:api/host is named as a whole', async () => {
  const pkg = 'package golem:api@1.9.0 {\n  interface host {\n    get-oplog-index: func() -> u32;\n  }\n}';
  const msg = await rejected('future-version', await component(pkg, 'golem:api/host@1.9.0', 'get-oplog-index'));
  assert.match(msg, /golem:api\/host@1\.9\.0 \(the interface\)/);
});

test('a resource and its method the host lacks are named (WASI, any 0.2.x)', async () => {
  const pkg =
    'package wasi:cli@0.2.99 {\n  interface environment {\n    resource vault { open: func() -> u32; }\n    get-vault: func() -> vault;\n    get-arguments: func() -> list<string>;\n  }\n}';
  const jco = await import('@bytecodealliance/jco');
  const wat = `(module (import "wasi:cli/environment@0.2.99" "[method]vault.open" (func $o (param i32) (result i32)))
    (import "wasi:cli/environment@0.2.99" "get-vault" (func $g (result i32)))
    (memory (export "memory") 1) (func (export "f") (result i32) (call $o (call $g))))`;
  const wit = `package test:up;\nworld w {\n  import wasi:cli/environment@0.2.99;\n  export f: func() -> u32;\n}\n${pkg}`;
  const embedded = await jco.componentEmbed({ binary: await jco.parse(wat), witSource: wit, world: 'w' });
  const msg = await rejected('vault', await jco.componentNew(embedded, undefined));
  assert.match(msg, /wasi:cli\/environment@0\.2\.99: resource vault, \[method\]vault\.open, get-vault/);
});

test('a world-level imported function is named', async () => {
  const jco = await import('@bytecodealliance/jco');
  const wat =
    '(module (import "$root" "magic" (func $m (result i32))) (memory (export "memory") 1) (func (export "f") (result i32) call $m))';
  const embedded = await jco.componentEmbed({
    binary: await jco.parse(wat),
    witSource: 'package test:up;\nworld w {\n  import magic: func() -> u32;\n  export f: func() -> u32;\n}\n',
    world: 'w',
  });
  const msg = await rejected('world-fn', await jco.componentNew(embedded, undefined));
  assert.match(msg, /world-level functions magic/);
});

test('what the host offers is accepted and runs: golem:api/host@1.1.7 get-oplog-index', async () => {
  const pkg = 'package golem:api@1.1.7 {\n  interface host {\n    get-oplog-index: func() -> u64;\n  }\n}';
  const jco = await import('@bytecodealliance/jco');
  const wat = `(module (import "golem:api/host@1.1.7" "get-oplog-index" (func $g (result i64)))
    (memory (export "memory") 1) (func (export "f") (result i32) (i32.wrap_i64 (call $g))))`;
  const wit = `package test:up;\nworld w {\n  import golem:api/host@1.1.7;\n  export f: func() -> u32;\n}\n${pkg}`;
  const embedded = await jco.componentEmbed({ binary: await jco.parse(wat), witSource: wit, world: 'w' });
  await t.engine.registerComponent('ok', { kind: 'upload', bytes: await jco.componentNew(embedded, undefined) });
  const w = t.engine.createWorker({ component: 'ok', name: 'w' });
  const r = await t.engine.invoke(w.id, { function: 'f' });
  assert.equal(typeof r.result, 'number');
});

test("golem:api/oplog@1.5.0: get-oplog is offered, enrich-oplog-entries (an oplog processor plugin's) is refused, named alone", async () => {
  const pkg =
    'package golem:api@1.5.0 {\n  interface oplog {\n    resource get-oplog { get-next: func() -> u32; }\n    enrich-oplog-entries: func() -> u32;\n  }\n}';
  const msg = await rejected('oplog-reader', await component(pkg, 'golem:api/oplog@1.5.0', 'enrich-oplog-entries'));
  assert.match(msg, /golem:api\/oplog@1\.5\.0: enrich-oplog-entries$/);
});

test('Golem main’s golem:core/types@2.0.0 (its WASI P3 variant of 1.5) is refused as a whole', async () => {
  const pkg = 'package golem:core@2.0.0 {\n  interface types {\n    uuid-to-string: func() -> u32;\n  }\n}';
  const msg = await rejected('core-v2', await component(pkg, 'golem:core/types@2.0.0', 'uuid-to-string'));
  assert.match(
    msg,
    /golem:core\/types@2\.0\.0 \(the interface: Golem main's WASI 0\.3 variant of golem:api 1\.5, whose async functions need the JavaScript promise integration \(JSPI\) this Node lacks; build against golem:core\/types@1\.5\.0/,
  );
});
