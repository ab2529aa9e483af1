import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { decodeComponentExports, ComponentFormatError, type DecodedComponent } from './index';
import { assemble, buildJs, buildWat } from './fixtures';
import type { WitFunction, WitType } from '../types';

// ---- helpers ---------------------------------------------------------------

const str: WitType = { kind: 'string' };
const u32: WitType = { kind: 'u32' };
const u64: WitType = { kind: 'u64' };

function fn(decoded: DecodedComponent, iface: string | undefined, name: string): WitFunction {
  const f = decoded.exports.find((e) => e.interface === iface && e.name === name);
  assert.ok(f, `no export ${iface ?? '(world)'}.${name}; have: ${decoded.exports.map((e) => `${e.interface ?? ''}.${e.name}`).join(', ')}`);
  return f;
}

function formatError(bytes: Uint8Array): ComponentFormatError {
  try {
    decodeComponentExports(bytes);
  } catch (e) {
    assert.ok(e instanceof ComponentFormatError, `expected ComponentFormatError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected decoding to fail');
}

// ---- a JavaScript component (componentize-qjs) ------------------------------

const RICH_WIT = `package demo:shapes@1.2.0;

interface types {
  record point { x-coord: s32, y-coord: s32 }
}

interface api {
  use types.{point};
  record line-item { item-name: string, unit-count: u32, tags: list<string> }
  variant shape { circle(f64), square(u32), none, at(point) }
  enum color { red, green, dark-blue }
  flags perms { read, write, exec }
  type id = u64;
  add: func(n: u64) -> u64;
  put: func(item: line-item, s: shape, c: color, p: perms, o: option<string>) -> result<list<line-item>, string>;
  check: func(x: s8) -> result<_, string>;
  bytes: func(data: list<u8>) -> tuple<u32, string>;
  lookup: func(key: id) -> option<point>;
  noop: func();
  mixed: func(a: bool, b: s16, c: u16, d: s64, e: f32, f: char, g: f64, h: s32) -> result<u8>;
}

interface store {
  resource counter {
    constructor(initial: u32);
    inc: func(by: u32) -> u32;
    make: static func() -> counter;
  }
  merge: func(a: borrow<counter>, b: counter) -> counter;
}

world app {
  import wasi:random/random@0.2.12;
  export api;
  export store;
  export hello: func(name: string) -> string;
}
`;

const RICH_JS = `
import { getRandomU64 } from "wasi:random/random@0.2.12";
export const api = {
  add(n) { return n + 1; },
  put(item, s, c, p, o) { return [item]; },
  check(x) { if (x < 0) throw "neg"; },
  bytes(data) { return [data.length, "ok"]; },
  lookup(id) { return null; },
  noop() {},
  mixed(a, b, c, d, e, f, g, h) { return Number(getRandomU64() % 2n); },
};
class Counter {
  constructor(initial) { this.v = initial; }
  inc(by) { this.v += by; return this.v; }
  static make() { return new Counter(0); }
}
export const store = { Counter, merge(a, b) { return new Counter(a.v + b.v); } };
export function hello(name) { return "hi " + name; }
`;

describe('JS component (componentize-qjs)', () => {
  let d: DecodedComponent;
  const API = 'demo:shapes/api@1.2.0';
  const STORE = 'demo:shapes/store@1.2.0';
  const point: WitType = {
    kind: 'record',
    name: 'point',
    fields: [
      { name: 'x-coord', type: { kind: 's32' } },
      { name: 'y-coord', type: { kind: 's32' } },
    ],
  };
  const lineItem: WitType = {
    kind: 'record',
    name: 'line-item',
    fields: [
      { name: 'item-name', type: str },
      { name: 'unit-count', type: u32 },
      { name: 'tags', type: { kind: 'list', element: str } },
    ],
  };

  before(async () => {
    const bytes = await buildJs(RICH_WIT, 'app', RICH_JS);
    const t = performance.now();
    d = decodeComponentExports(bytes);
    const ms = performance.now() - t;
    assert.ok(ms < 2000, `decoding took ${ms} ms`);
  });

  test('world-level export', () => {
    assert.deepEqual(fn(d, undefined, 'hello'), { name: 'hello', params: [{ name: 'name', type: str }], result: str });
  });

  test('exports are listed once each, interface names carry the package version', () => {
    const names = d.exports.map((e) => (e.interface ? `${e.interface}.{${e.name}}` : e.name));
    assert.equal(new Set(names).size, names.length);
    for (const n of ['add', 'put', 'check', 'bytes', 'lookup', 'noop', 'mixed']) assert.ok(names.includes(`${API}.{${n}}`), n);
    assert.ok(!d.exports.some((e) => e.interface === 'demo:shapes/types@1.2.0'), 'types is imported, not exported');
    assert.deepEqual(d.skipped, []);
  });

  test('u64 in and out', () => {
    assert.deepEqual(fn(d, API, 'add'), { interface: API, name: 'add', params: [{ name: 'n', type: u64 }], result: u64 });
  });

  test('record (kebab fields), variant with/without payloads, enum, flags, option, result<T, E>', () => {
    const put = fn(d, API, 'put');
    assert.deepEqual(put.params, [
      { name: 'item', type: lineItem },
      {
        name: 's',
        type: {
          kind: 'variant',
          name: 'shape',
          cases: [{ name: 'circle', type: { kind: 'f64' } }, { name: 'square', type: u32 }, { name: 'none' }, { name: 'at', type: point }],
        },
      },
      { name: 'c', type: { kind: 'enum', name: 'color', cases: ['red', 'green', 'dark-blue'] } },
      { name: 'p', type: { kind: 'flags', name: 'perms', flags: ['read', 'write', 'exec'] } },
      { name: 'o', type: { kind: 'option', inner: str } },
    ]);
    assert.deepEqual(put.result, { kind: 'result', ok: { kind: 'list', element: lineItem }, err: str });
  });

  test('result<_, E>, result<T> and no result', () => {
    const check = fn(d, API, 'check');
    assert.deepEqual(check.params, [{ name: 'x', type: { kind: 's8' } }]);
    assert.deepEqual(check.result, { kind: 'result', err: str });
    assert.deepEqual(fn(d, API, 'mixed').result, { kind: 'result', ok: { kind: 'u8' } });
    const noop = fn(d, API, 'noop');
    assert.deepEqual(noop, { interface: API, name: 'noop', params: [] });
    assert.ok(!('result' in noop));
  });

  test('list<u8> and tuple', () => {
    assert.deepEqual(fn(d, API, 'bytes'), {
      interface: API,
      name: 'bytes',
      params: [{ name: 'data', type: { kind: 'list', element: { kind: 'u8' } } }],
      result: { kind: 'tuple', items: [u32, str] },
    });
  });

  test('type alias keeps its name; used type from another interface is named', () => {
    const lookup = fn(d, API, 'lookup');
    assert.deepEqual(lookup.params, [{ name: 'key', type: { kind: 'u64', name: 'id' } }]);
    assert.deepEqual(lookup.result, { kind: 'option', inner: point });
  });

  test('all primitives', () => {
    assert.deepEqual(
      fn(d, API, 'mixed').params.map((p) => [p.name, p.type.kind]),
      [
        ['a', 'bool'],
        ['b', 's16'],
        ['c', 'u16'],
        ['d', 's64'],
        ['e', 'f32'],
        ['f', 'char'],
        ['g', 'f64'],
        ['h', 's32'],
      ],
    );
  });

  test('resources: constructor, method, static, own/borrow params', () => {
    const own = { kind: 'resource', handle: 'own', name: 'counter' } as const;
    const borrow = { kind: 'resource', handle: 'borrow', name: 'counter' } as const;
    assert.deepEqual(fn(d, STORE, '[constructor]counter'), {
      interface: STORE,
      name: '[constructor]counter',
      params: [{ name: 'initial', type: u32 }],
      result: own,
    });
    assert.deepEqual(fn(d, STORE, '[method]counter.inc').params, [
      { name: 'self', type: borrow },
      { name: 'by', type: u32 },
    ]);
    assert.deepEqual(fn(d, STORE, '[static]counter.make'), { interface: STORE, name: '[static]counter.make', params: [], result: own });
    assert.deepEqual(fn(d, STORE, 'merge').params, [
      { name: 'a', type: borrow },
      { name: 'b', type: own },
    ]);
  });

  test('imports are the imported instance names', () => {
    assert.ok(d.imports.includes('wasi:random/random@0.2.12'));
    assert.ok(d.imports.includes('wasi:cli/environment@0.2.12'));
    assert.ok(d.imports.includes('demo:shapes/types@1.2.0'));
    assert.equal(new Set(d.imports).size, d.imports.length);
  });

  test("the runtime's own `init` export is reported like any other (the caller hides it)", () => {
    assert.ok(d.exports.some((e) => e.interface === undefined && e.name === 'init'));
  });
});

// ---- a WAT component (jco embed + component-new) -----------------------------

const WAT_WIT = `package demo:wat;
interface calc {
  record pair { left: u32, right: u32 }
  enum mode { fast, slow }
  resource acc { constructor(); total: func() -> u32; }
  sum: func(p: pair) -> u64;
  pick: func(m: mode) -> bool;
}
world w {
  record cfg { max-depth: u8 }
  export calc;
  export ping: func() -> u32;
  export conf: func(c: cfg) -> u8;
}`;

const WAT_CORE = `(module
  (import "[export]demo:wat/calc" "[resource-new]acc" (func $new (param i32) (result i32)))
  (func (export "demo:wat/calc#sum") (param i32 i32) (result i64)
    local.get 0 i64.extend_i32_u local.get 1 i64.extend_i32_u i64.add)
  (func (export "demo:wat/calc#pick") (param i32) (result i32) local.get 0)
  (func (export "demo:wat/calc#[constructor]acc") (result i32) i32.const 1 call $new)
  (func (export "demo:wat/calc#[method]acc.total") (param i32) (result i32) i32.const 0)
  (func (export "ping") (result i32) i32.const 7)
  (func (export "conf") (param i32) (result i32) local.get 0)
  (memory (export "memory") 1)
)`;

describe('WAT component (jco componentEmbed + componentNew)', () => {
  let d: DecodedComponent;
  before(async () => {
    d = decodeComponentExports(await buildWat(WAT_WIT, 'w', WAT_CORE));
  });

  test('exact export list', () => {
    const own = { kind: 'resource', handle: 'own', name: 'acc' } as const;
    const borrow = { kind: 'resource', handle: 'borrow', name: 'acc' } as const;
    const I = 'demo:wat/calc';
    assert.deepEqual(d, {
      exports: [
        { name: 'ping', params: [], result: u32 },
        {
          name: 'conf',
          params: [{ name: 'c', type: { kind: 'record', name: 'cfg', fields: [{ name: 'max-depth', type: { kind: 'u8' } }] } }],
          result: { kind: 'u8' },
        },
        { interface: I, name: '[constructor]acc', params: [], result: own },
        { interface: I, name: '[method]acc.total', params: [{ name: 'self', type: borrow }], result: u32 },
        {
          interface: I,
          name: 'sum',
          params: [
            {
              name: 'p',
              type: {
                kind: 'record',
                name: 'pair',
                fields: [
                  { name: 'left', type: u32 },
                  { name: 'right', type: u32 },
                ],
              },
            },
          ],
          result: u64,
        },
        {
          interface: I,
          name: 'pick',
          params: [{ name: 'm', type: { kind: 'enum', name: 'mode', cases: ['fast', 'slow'] } }],
          result: { kind: 'bool' },
        },
      ],
      imports: [],
      skipped: [],
      importedMembers: [],
    });
  });
});

// ---- hand-written component WAT: other encodings toolchains may produce -----

describe('hand-written components', () => {
  test('inline-exports instance, export with an instance type ascription, world-level func export', async () => {
    const bytes = await assemble(`(component
      (core module $m (func (export "f") (param i32 i32) (result i32) local.get 0))
      (core instance $i (instantiate $m))
      (type $num (record (field "x-val" u32) (field "y" u32)))
      (export $numx "num" (type $num))
      (type $ft (func (param "a" $numx) (result u32)))
      (alias core export $i "f" (core func $cf))
      (func $f (type $ft) (canon lift (core func $cf)))
      (instance $inst (export "num" (type $numx)) (export "f" (func $f)))
      (type $it (instance
         (type $r (record (field "x-val" u32) (field "y" u32)))
         (export "point" (type (eq $r)))
         (type (func (param "a" 1) (result u32)))
         (export "f" (func (type 2)))))
      (export "demo:x/ascribed@0.1.0" (instance $inst) (instance (type $it)))
      (export "demo:x/plain" (instance $inst))
      (export "top" (func $f))
    )`);
    const d = decodeComponentExports(bytes);
    const rec = (name: string): WitType => ({
      kind: 'record',
      name,
      fields: [
        { name: 'x-val', type: u32 },
        { name: 'y', type: u32 },
      ],
    });
    assert.deepEqual(d.exports, [
      // the ascribed instance type wins (it names the record `point`)
      { interface: 'demo:x/ascribed@0.1.0', name: 'f', params: [{ name: 'a', type: rec('point') }], result: u32 },
      { interface: 'demo:x/plain', name: 'f', params: [{ name: 'a', type: rec('num') }], result: u32 },
      { name: 'top', params: [{ name: 'a', type: rec('num') }], result: u32 },
    ]);
  });

  test('re-exported imports, outer aliases, large type indices (multi-byte LEB)', async () => {
    // 70 filler types push later indices past 63, which need a 2-byte signed LEB as a valtype.
    const filler = Array.from({ length: 70 }, (_, i) => `(type (list u${i % 2 ? 8 : 16}))`).join('\n');
    const bytes = await assemble(`(component
      ${filler}
      (type $t (instance
        (export "thing" (type (sub resource)))
        (type (own 0))
        (type (func (param "t" 1) (result string)))
        (export "show" (func (type 2)))))
      (import "dep:a/things" (instance $things (type $t)))
      (alias export $things "thing" (type $thing))
      (type $opt (option (tuple u8 s64)))
      (type $inner (component
        (alias outer 1 $opt (type $o))
        (type (func (param "x" $o) (result $o)))
        (import "g" (func (type 1)))
        (export "g2" (func (type 1)))))
      (import "lib" (component $lib (type $inner)))
      (type $gf (func (param "x" $opt) (result $opt)))
      (import "gg" (func $gg (type $gf)))
      (instance $li (instantiate $lib (with "g" (func $gg))))
      (alias export $li "g2" (func $g2))
      (component $c
        (import "h" (func $h (param "v" u32)))
        (export "h2" (func $h)))
      (import "k" (func $k (param "v" u32)))
      (instance $ci (instantiate $c (with "h" (func $k))))
      (alias export $ci "h2" (func $h2))
      (alias export $things "show" (func $show))
      (instance $re (export "show" (func $show)) (export "h" (func $h2)) (export "g" (func $g2)))
      (export "dep:b/re" (instance $re))
    )`);
    const d = decodeComponentExports(bytes);
    assert.deepEqual(d.imports, ['dep:a/things']);
    const opt: WitType = { kind: 'option', inner: { kind: 'tuple', items: [{ kind: 'u8' }, { kind: 's64' }] } };
    assert.deepEqual(d.exports, [
      {
        interface: 'dep:b/re',
        name: 'show',
        params: [{ name: 't', type: { kind: 'resource', handle: 'own', name: 'thing' } }],
        result: str,
      },
      { interface: 'dep:b/re', name: 'h', params: [{ name: 'v', type: u32 }] },
      { interface: 'dep:b/re', name: 'g', params: [{ name: 'x', type: opt }], result: opt },
    ]);
  });

  test('functions using types the model cannot express are reported as skipped', async () => {
    const bytes = await assemble(`(component
      (type $s (stream u8))
      (type $f (func (result $s)))
      (import "get" (func $g (type $f)))
      (type $f2 (func (param "x" u32)))
      (import "other" (func $o (type $f2)))
      (export "get-stream" (func $g))
      (export "other" (func $o))
    )`);
    const d = decodeComponentExports(bytes);
    assert.deepEqual(d.exports, [{ name: 'other', params: [{ name: 'x', type: u32 }] }]);
    assert.deepEqual(d.skipped, [{ name: 'get-stream', reason: 'uses stream' }]);
  });
});

// ---- hostile input -----------------------------------------------------------

describe('hostile input stays cheap', () => {
  test('exponential re-instantiation of nested components hits the work limit', async () => {
    const levels: string[] = [];
    for (let i = 1; i <= 5; i++) {
      levels.push(`(component $c${i} (alias outer 1 $c${i - 1} (component $x)) ${'(instance (instantiate $x))'.repeat(50)})`);
    }
    const bytes = await assemble(`(component
      (component $c0 (type (list u8)) (type (list u16)))
      ${levels.join('\n')}
      (instance (instantiate $c5)))`);
    // 50^5 instantiations without the limit: the error proves the limit cut in
    // (a broken limit never finishes and the test times out); no timed assertion.
    const e = formatError(bytes);
    assert.match(e.message, /too complex/);
  });

  test('exponentially large type DAG is skipped, not expanded', async () => {
    const types = ['(type $t0 (tuple u8 u8))'];
    for (let i = 1; i <= 40; i++) types.push(`(type $t${i} (tuple $t${i - 1} $t${i - 1}))`);
    const bytes = await assemble(`(component ${types.join('\n')}
      (type $f (func (param "x" $t40)))
      (import "f" (func $f (type $f)))
      (export "g" (func $f)))`);
    const d = decodeComponentExports(bytes);
    assert.deepEqual(d.exports, []);
    assert.deepEqual(d.skipped, [{ name: 'g', reason: 'uses an excessively large type' }]);
  });
});

// ---- errors ------------------------------------------------------------------

describe('format errors', () => {
  test('not a wasm binary at all', () => {
    const e = formatError(new TextEncoder().encode('PK\u0003\u0004 this is a zip'));
    assert.equal(e.kind, 'not-wasm');
    assert.match(e.message, /not a WebAssembly binary/);
    assert.equal(formatError(new Uint8Array([])).kind, 'not-wasm');
    assert.equal(formatError(new Uint8Array([0x00, 0x61])).kind, 'not-wasm');
  });

  test('a core module instead of a component', async () => {
    const core = await assemble('(module (func (export "f")))');
    const e = formatError(core);
    assert.equal(e.kind, 'core-module');
    assert.match(e.message, /core WebAssembly module/);
  });

  test('unknown component version', () => {
    const e = formatError(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x0a, 0x00, 0x01, 0x00]));
    assert.equal(e.kind, 'unsupported-version');
  });

  test('header only is an empty component', () => {
    assert.deepEqual(decodeComponentExports(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00])), {
      exports: [],
      imports: [],
      skipped: [],
      importedMembers: [],
    });
  });

  test('truncated and corrupted components report a byte offset', async () => {
    const bytes = await buildWat(WAT_WIT, 'w', WAT_CORE);
    for (const cut of [7, 9, 100, Math.floor(bytes.length / 2), bytes.length - 1]) {
      const e = formatError(bytes.subarray(0, cut));
      assert.equal(e.kind, 'malformed', `cut at ${cut}`);
      assert.equal(typeof e.offset, 'number');
      assert.ok(e.offset! <= cut, `offset ${e.offset} within ${cut} bytes`);
      assert.match(e.message, /byte offset \d+/);
    }
    // A section with an unknown id.
    const bad = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00, 0x2a, 0x00]);
    const e = formatError(bad);
    assert.equal(e.kind, 'malformed');
    assert.equal(e.offset, 8);
    assert.match(e.message, /unknown component section id 42/);
  });

  test('random corruption never throws anything but ComponentFormatError', async () => {
    const bytes = await buildWat(WAT_WIT, 'w', WAT_CORE);
    let seed = 12345;
    const rand = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    for (let i = 0; i < 300; i++) {
      const copy = bytes.slice();
      const at = 8 + Math.floor(rand() * (copy.length - 8));
      copy[at] = Math.floor(rand() * 256);
      try {
        decodeComponentExports(copy);
      } catch (e) {
        assert.ok(e instanceof ComponentFormatError, `byte ${at}: ${String(e)}`);
      }
    }
  });
});
