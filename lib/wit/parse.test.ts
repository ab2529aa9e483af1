import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseWit, resolveWorld, WitError, printType, printFunction } from './parse';
import type { WitType } from './types';
import { thrown } from '../testing/thrown';

const builtin = fileURLToPath(new URL('../../node_modules/@bytecodealliance/jco/lib/wit/builtin/', import.meta.url));
function witFiles(dir: string, prefix = 'deps'): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [];
  const walk = (d: string, rel: string) => {
    for (const n of readdirSync(d).sort()) {
      const p = `${d}/${n}`;
      if (statSync(p).isDirectory()) walk(p, `${rel}/${n}`);
      else if (n.endsWith('.wit')) out.push({ path: `${rel}/${n}`, text: readFileSync(p, 'utf8') });
    }
  };
  walk(dir, prefix);
  return out;
}
const wasi = witFiles(`${builtin}0.2.12`);

const err = (fn: () => unknown): WitError => thrown(WitError, fn);

test('every WASI 0.2.12 package parses, on its own and as main', () => {
  for (const f of wasi) {
    const doc = parseWit([f, ...wasi.filter((g) => g !== f)]);
    assert.ok(doc.packageName.startsWith('wasi:'));
    assert.ok(doc.packageName.endsWith('@0.2.12'));
  }
});

test('other bundled WIT sets parse (0.3 async, jco-node, tls draft, 0.2.10)', () => {
  for (const set of ['0.3.0', 'wasi-tls-0.2.0-draft', '0.2.10']) parseWit(witFiles(`${builtin}${set}`, set));
  parseWit([...witFiles(`${builtin}jco-node-0.1.0`, 'main'), ...wasi, ...witFiles(`${builtin}wasi-tls-0.2.0-draft`, 'deps/tls')]);
});

test('wasi:http/proxy exports incoming-handler.handle with resource params', () => {
  const http = wasi.find((f) => f.path.includes('wasi-http'))!;
  const r = resolveWorld([http, ...wasi.filter((f) => f !== http)], 'proxy');
  assert.equal(r.package, 'wasi:http@0.2.12');
  assert.equal(r.world, 'proxy');
  assert.deepEqual(r.exports, [
    {
      interface: 'wasi:http/incoming-handler@0.2.12',
      name: 'handle',
      params: [
        { name: 'request', type: { kind: 'resource', handle: 'own', name: 'incoming-request' } },
        { name: 'response-out', type: { kind: 'resource', handle: 'own', name: 'response-outparam' } },
      ],
    },
  ]);
  for (const i of [
    'wasi:random/random@0.2.12',
    'wasi:http/types@0.2.12',
    'wasi:io/streams@0.2.12',
    'wasi:http/outgoing-handler@0.2.12',
    'wasi:cli/stdout@0.2.12',
  ]) {
    assert.ok(r.imports.includes(i), i);
  }
  assert.ok(!r.imports.includes('wasi:http/incoming-handler@0.2.12'));
  // dependencies come before dependents
  assert.ok(r.imports.indexOf('wasi:io/streams@0.2.12') < r.imports.indexOf('wasi:http/types@0.2.12'));
});

const userWit = `
// A user world using most of the grammar.
package demo:shop@1.0.0;

/// Doc comment on an interface.
interface types {
  record item { item-id: string, qty: u32, price: option<f64>, }
  enum color { red, green, blue }
  flags perms { read, write, exec }
  variant shape { circle(float64), square(f32), none }
  type items = list<item>;
  type id = u64;
  resource cart {
    constructor(owner: string);
    add: func(it: borrow<item-ref>);
    make: static func() -> cart;
  }
  resource item-ref;
}

interface api {
  use types.{item, items, color as colour, perms, shape, id, cart};
  @since(version = 1.0.0)
  add: func(it: item, n: id) -> result<u64, string>;
  list-all: func() -> items;
  paint: func(c: colour, p: perms) -> shape;
  nothing: func();
  /* block /* nested */ comment */
  tuples: func(t: tuple<u8, s8, char>, r: result, r2: result<_, string>, r3: result<bool>) -> option<option<u16>>;
  carts: func(c: borrow<cart>, o: own<cart>, bare: cart) -> list<u8>;
  %type: func(%record: string) -> bool;
  later: async func(x: s16);
}

world shop {
  import wasi:random/random@0.2.12;
  use types.{color};
  export api;
  export ping: func(c: color) -> string;
  export local: interface {
    hello: func() -> string;
  }
  import log: func(msg: string);
}
`;

test('user world resolves with named types', () => {
  const r = resolveWorld([{ path: 'world.wit', text: userWit }, ...wasi]);
  assert.equal(r.world, 'shop');
  assert.equal(r.package, 'demo:shop@1.0.0');
  const names = r.exports.map((f) => `${f.interface ?? ''}#${f.name}`);
  assert.deepEqual(names, [
    'demo:shop/api@1.0.0#add',
    'demo:shop/api@1.0.0#list-all',
    'demo:shop/api@1.0.0#paint',
    'demo:shop/api@1.0.0#nothing',
    'demo:shop/api@1.0.0#tuples',
    'demo:shop/api@1.0.0#carts',
    'demo:shop/api@1.0.0#type',
    'demo:shop/api@1.0.0#later',
    '#ping',
    'local#hello',
  ]);
  const add = r.exports[0];
  assert.ok(add);
  assert.deepEqual(add.params[0]!.type, {
    kind: 'record',
    name: 'item',
    fields: [
      { name: 'item-id', type: { kind: 'string' } },
      { name: 'qty', type: { kind: 'u32' } },
      { name: 'price', type: { kind: 'option', inner: { kind: 'f64' } } },
    ],
  });
  assert.deepEqual(add.params[1]!.type, { kind: 'u64', name: 'id' });
  assert.equal(printFunction(add), 'add: func(it: item, n: id) -> result<u64, string>');
  const paint = r.exports[2];
  assert.ok(paint);
  assert.deepEqual(paint.params[0]!.type, { kind: 'enum', name: 'colour', cases: ['red', 'green', 'blue'] });
  assert.deepEqual(paint.params[1]!.type, { kind: 'flags', name: 'perms', flags: ['read', 'write', 'exec'] });
  assert.deepEqual(paint.result, {
    kind: 'variant',
    name: 'shape',
    cases: [{ name: 'circle', type: { kind: 'f64' } }, { name: 'square', type: { kind: 'f32' } }, { name: 'none' }],
  });
  assert.equal(r.exports[3]!.result, undefined);
  assert.equal(
    printFunction(r.exports[4]!),
    'tuples: func(t: tuple<u8, s8, char>, r: result, r2: result<_, string>, r3: result<bool>) -> option<option<u16>>',
  );
  assert.equal(printFunction(r.exports[5]!), 'carts: func(c: borrow<cart>, o: cart, bare: cart) -> list<u8>');
  assert.deepEqual(r.exports[5]!.params[0]!.type, { kind: 'resource', handle: 'borrow', name: 'cart' });
  assert.equal(printFunction(r.exports[6]!), 'type: func(record: string) -> bool');
  assert.deepEqual(r.exports[8], {
    name: 'ping',
    params: [{ name: 'c', type: { kind: 'enum', name: 'color', cases: ['red', 'green', 'blue'] } }],
    result: { kind: 'string' },
  });
  assert.deepEqual(r.exports[9]!.interface, 'local');
  assert.deepEqual([...r.imports].sort(), ['demo:shop/types@1.0.0', 'wasi:random/random@0.2.12']);
});

test('package without version, top-level use, include, unnamed world choice', () => {
  const dep = {
    path: 'deps/lib/package.wit',
    text: 'package acme:lib; interface math { type n = s32; sq: func(x: n) -> n; } world base { export math; export extra: func(); }',
  };
  const main = {
    path: 'world.wit',
    text: `package demo:calc;
use acme:lib/math as m;
interface calc { use m.{n}; double: func(x: n) -> n; }
world calc-world { include acme:lib/base with { extra as more }; export calc; }`,
  };
  const r = resolveWorld([main, dep]);
  assert.deepEqual(
    r.exports.map((f) => [f.interface, f.name]),
    [
      ['acme:lib/math', 'sq'],
      [undefined, 'more'],
      ['demo:calc/calc', 'double'],
    ],
  );
  assert.deepEqual(r.exports[2]!.params[0]!.type, { kind: 's32', name: 'n' });
  assert.equal(resolveWorld([main, dep], 'demo:calc/calc-world').world, 'calc-world');
});

test('files without a package line join their directory package', () => {
  const r = resolveWorld([
    { path: 'wit/a.wit', text: 'package x:y@0.1.0;\nworld w { export i; }' },
    { path: 'wit/b.wit', text: 'interface i { f: func() -> string; }' },
  ]);
  assert.equal(r.exports[0]!.interface, 'x:y/i@0.1.0');
});

test('nested package blocks', () => {
  const r = resolveWorld([
    { path: 'w.wit', text: 'package a:main;\npackage b:dep@2.0.0 { interface i { f: func(); } }\nworld w { export b:dep/i@2.0.0; }' },
  ]);
  assert.equal(r.exports[0]!.interface, 'b:dep/i@2.0.0');
});

test('errors carry precise positions and messages', () => {
  const one = (text: string) => err(() => resolveWorld([{ path: 'world.wit', text }, ...wasi]));
  let e = one('package a:b;\ninterface i {\n  f: func(x: strng);\n}\nworld w { export i; }');
  assert.equal(e.message, 'unknown type `strng`');
  assert.deepEqual([e.path, e.line, e.column], ['world.wit', 3, 14]);

  e = one('package a:b;\nworld w {\n  export nope;\n}');
  assert.match(e.message, /unknown interface `nope`/);
  assert.deepEqual([e.line, e.column], [3, 10]);

  e = one('package a:b;\nworld w { import wasi:random/random@0.2.0; }');
  assert.match(e.message, /package `wasi:random@0.2.0` not found \(available: wasi:random@0.2.12\)/);

  e = one('package a:b;\nworld w { import wasi:random/rand@0.2.12; }');
  assert.match(e.message, /interface `rand` not found in package `wasi:random@0.2.12`/);

  e = one('package a:b;\nworld w { import acme:x/y; }');
  assert.match(e.message, /unknown package `acme:x`/);

  e = one('package a:b;\ninterface i {\n  f: func();\n  f: func();\n}\nworld w {}');
  assert.match(e.message, /duplicate function `f`/);
  assert.deepEqual([e.line, e.column], [4, 3]);

  e = one('package a:b;\ninterface i {}\ninterface i {}\nworld w {}');
  assert.match(e.message, /duplicate interface `i`/);
  assert.equal(e.line, 3);

  e = one('package a:b;\ninterface i { record r { a: u8, a: u8 } }\nworld w {}');
  assert.match(e.message, /duplicate field `a`/);

  e = one('package a:b;\ninterface i {\n  f: func(x: u32) -> ;\n}');
  assert.equal(e.message, 'expected a type, found `;`');
  assert.deepEqual([e.line, e.column], [3, 22]);

  e = one('package a:b;\ninterface i {\n  f: func(x: u32)\n}');
  assert.equal(e.message, 'expected `;`, found `}`');
  assert.equal(e.line, 4);

  e = one('package a:b;\ninterface i { f: func(x: u32 $); }');
  assert.match(e.message, /unexpected character '\$'/);

  e = one('package a:b;\ninterface i { f: func(); ');
  assert.match(e.message, /found end of file/);

  e = one('package a:b;\nworld w {}\nworld v {}');
  assert.match(e.message, /2 worlds \(w, v\)/);

  e = err(() => resolveWorld([{ path: 'world.wit', text: 'package a:b;\nworld w {}' }], 'x'));
  assert.match(e.message, /unknown world `x`.*it has: w/);

  e = one('package a:b;\ninterface i { type a = b; type b = a; f: func(x: a); }\nworld w { export i; }');
  assert.match(e.message, /refers to itself/);

  e = one('package a:b;\ninterface i { use j.{t}; }\ninterface j { }');
  assert.match(e.message, /type `t` is not defined in interface `a:b\/j`/);

  e = one('package a:b;\ninterface i { f: func(x: borrow<u32x>); type u32x = u32; }');
  assert.match(e.message, /`u32x` is not a resource/);

  e = one('package a:b;\ninterface i { f: func() -> stream<u8>; }\nworld w { export i; }');
  assert.match(e.message, /`stream` types are not supported/);
});

test('printType uses names and WIT syntax', () => {
  const t: WitType = {
    kind: 'list',
    element: { kind: 'tuple', items: [{ kind: 'string' }, { kind: 'record', name: 'item', fields: [] }] },
  };
  assert.equal(printType(t), 'list<tuple<string, item>>');
  assert.equal(printType({ kind: 'result', err: { kind: 'string' } }), 'result<_, string>');
  assert.equal(printType({ kind: 'result', ok: { kind: 'u8' } }), 'result<u8>');
  assert.equal(printType({ kind: 'result' }), 'result');
  assert.equal(printType({ kind: 'resource', handle: 'borrow', name: 'fields' }), 'borrow<fields>');
  assert.equal(
    printFunction({ name: 'add', params: [{ name: 'n', type: { kind: 'u64' } }], result: { kind: 'u64' } }),
    'add: func(n: u64) -> u64',
  );
});

test('gates, async, float aliases, versions with pre-release, deps/<name>/package.wit', () => {
  const r = resolveWorld([
    {
      path: 'world.wit',
      text: `package my:app@0.1.0-rc.1;
@unstable(feature = fancy)
interface api {
  @deprecated(version = 0.1.0)
  f: async func(a: float32, b: float64) -> list<u8, 4>;
}
world w { include my:dep/base@1.0.0-draft; export api; }`,
    },
    { path: 'deps/dep/package.wit', text: 'package my:dep@1.0.0-draft;\nworld base { import other; }\ninterface other { g: func(); }' },
  ]);
  assert.equal(r.exports[0]!.interface, 'my:app/api@0.1.0-rc.1');
  assert.equal(printFunction(r.exports[0]!), 'f: func(a: f32, b: f64) -> list<u8>');
  assert.deepEqual(r.imports, ['my:dep/other@1.0.0-draft']);
});

test('a duplicate vendored package is tolerated (first copy wins)', () => {
  const io = wasi.find((f) => f.path.includes('wasi-io'))!;
  const r = resolveWorld([
    { path: 'world.wit', text: 'package a:b; world w { import wasi:io/streams@0.2.12; }' },
    ...wasi,
    { ...io, path: 'deps/other/io.wit' },
  ]);
  assert.ok(r.imports.includes('wasi:io/streams@0.2.12'));
});
