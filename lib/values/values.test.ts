import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { WitType } from '../wit/types';
import { jsonToJco, jcoToJson, ValueError, type JsonValue } from './json';
import { parseWave, printWave, parseWaveArgs } from './wave';
import { thrown } from '../testing/thrown';

const u8: WitType = { kind: 'u8' };
const u32: WitType = { kind: 'u32' };
const s64: WitType = { kind: 's64' };
const u64: WitType = { kind: 'u64' };
const str: WitType = { kind: 'string' };
const item: WitType = {
  kind: 'record',
  name: 'item',
  fields: [
    { name: 'item-id', type: str },
    { name: 'qty', type: u32 },
    { name: 'note', type: { kind: 'option', inner: str } },
  ],
};
const color: WitType = { kind: 'enum', name: 'color', cases: ['red', 'green'] };
const shape: WitType = {
  kind: 'variant',
  name: 'shape',
  cases: [
    { name: 'circle', type: { kind: 'f64' } },
    { name: 'rect', type: { kind: 'tuple', items: [{ kind: 'f32' }, { kind: 'f32' }] } },
    { name: 'none' },
  ],
};
const perms: WitType = { kind: 'flags', name: 'perms', flags: ['read', 'write', 'is-exec'] };
const optopt: WitType = { kind: 'option', inner: { kind: 'option', inner: u8 } };

const valueError = (fn: () => unknown): ValueError => thrown(ValueError, fn);

/** Each case: type, JSON form, jco form, WAVE text. */
const cases: { name: string; type: WitType; json: JsonValue; jco: unknown; wave: string }[] = [
  { name: 'bool', type: { kind: 'bool' }, json: true, jco: true, wave: 'true' },
  { name: 's8', type: { kind: 's8' }, json: -128, jco: -128, wave: '-128' },
  { name: 'u16', type: { kind: 'u16' }, json: 65535, jco: 65535, wave: '65535' },
  { name: 's32', type: { kind: 's32' }, json: -5, jco: -5, wave: '-5' },
  { name: 'u64 small', type: u64, json: 42, jco: 42n, wave: '42' },
  { name: 'u64 big', type: u64, json: '18446744073709551615', jco: 18446744073709551615n, wave: '18446744073709551615' },
  { name: 's64 min', type: s64, json: '-9223372036854775808', jco: -9223372036854775808n, wave: '-9223372036854775808' },
  { name: 'f64', type: { kind: 'f64' }, json: -1.5, jco: -1.5, wave: '-1.5' },
  { name: 'f64 nan', type: { kind: 'f64' }, json: 'NaN', jco: NaN, wave: 'nan' },
  { name: 'f64 inf', type: { kind: 'f64' }, json: 'Infinity', jco: Infinity, wave: 'inf' },
  { name: 'f32 -inf', type: { kind: 'f32' }, json: '-Infinity', jco: -Infinity, wave: '-inf' },
  { name: 'f32', type: { kind: 'f32' }, json: 0.1, jco: 0.1, wave: '0.1' },
  { name: 'char', type: { kind: 'char' }, json: '😀', jco: '😀', wave: "'😀'" },
  { name: 'char quote', type: { kind: 'char' }, json: "'", jco: "'", wave: "'\\''" },
  { name: 'string', type: str, json: 'a "b"\n\tc\\', jco: 'a "b"\n\tc\\', wave: '"a \\"b\\"\\n\\tc\\\\"' },
  { name: 'list<u8>', type: { kind: 'list', element: u8 }, json: [1, 2, 255], jco: Uint8Array.from([1, 2, 255]), wave: '[1, 2, 255]' },
  { name: 'list<u64>', type: { kind: 'list', element: u64 }, json: [1, 2], jco: [1n, 2n], wave: '[1, 2]' },
  { name: 'empty list', type: { kind: 'list', element: str }, json: [], jco: [], wave: '[]' },
  { name: 'tuple', type: { kind: 'tuple', items: [u32, str] }, json: [1, 'a'], jco: [1, 'a'], wave: '(1, "a")' },
  {
    name: 'record',
    type: item,
    json: { 'item-id': 'x', qty: 3, note: 'n' },
    jco: { itemId: 'x', qty: 3, note: 'n' },
    wave: '{item-id: "x", qty: 3, note: some("n")}',
  },
  {
    name: 'record none field',
    type: item,
    json: { 'item-id': 'x', qty: 3, note: null },
    jco: { itemId: 'x', qty: 3, note: undefined },
    wave: '{item-id: "x", qty: 3, note: none}',
  },
  { name: 'empty record', type: { kind: 'record', fields: [] }, json: {}, jco: {}, wave: '{:}' },
  { name: 'variant payload', type: shape, json: { circle: 1.5 }, jco: { tag: 'circle', val: 1.5 }, wave: 'circle(1.5)' },
  { name: 'variant tuple', type: shape, json: { rect: [1, 2] }, jco: { tag: 'rect', val: [1, 2] }, wave: 'rect((1, 2))' },
  { name: 'variant no payload', type: shape, json: { none: null }, jco: { tag: 'none' }, wave: '%none' },
  { name: 'enum', type: color, json: 'green', jco: 'green', wave: 'green' },
  { name: 'flags', type: perms, json: ['read', 'is-exec'], jco: { read: true, write: false, isExec: true }, wave: '{read, is-exec}' },
  { name: 'flags empty', type: perms, json: [], jco: { read: false, write: false, isExec: false }, wave: '{}' },
  { name: 'option some', type: { kind: 'option', inner: u32 }, json: 7, jco: 7, wave: 'some(7)' },
  { name: 'option none', type: { kind: 'option', inner: u32 }, json: null, jco: undefined, wave: 'none' },
  { name: 'option<option> none', type: optopt, json: null, jco: { tag: 'none' }, wave: 'none' },
  { name: 'option<option> some(none)', type: optopt, json: { some: null }, jco: { tag: 'some', val: undefined }, wave: 'some(none)' },
  { name: 'option<option> some(some)', type: optopt, json: { some: 3 }, jco: { tag: 'some', val: 3 }, wave: 'some(some(3))' },
  { name: 'result ok', type: { kind: 'result', ok: u32, err: str }, json: { ok: 1 }, jco: { tag: 'ok', val: 1 }, wave: 'ok(1)' },
  {
    name: 'result err',
    type: { kind: 'result', ok: u32, err: str },
    json: { err: 'bad' },
    jco: { tag: 'err', val: 'bad' },
    wave: 'err("bad")',
  },
  { name: 'bare result ok', type: { kind: 'result' }, json: { ok: null }, jco: { tag: 'ok' }, wave: 'ok' },
  {
    name: 'result<_, E> err',
    type: { kind: 'result', err: color },
    json: { err: 'red' },
    jco: { tag: 'err', val: 'red' },
    wave: 'err(red)',
  },
  {
    name: 'nested list of records',
    type: { kind: 'list', element: item },
    json: [
      { 'item-id': 'a', qty: 1, note: null },
      { 'item-id': 'b', qty: 2, note: 'x' },
    ],
    jco: [
      { itemId: 'a', qty: 1, note: undefined },
      { itemId: 'b', qty: 2, note: 'x' },
    ],
    wave: '[{item-id: "a", qty: 1, note: none}, {item-id: "b", qty: 2, note: some("x")}]',
  },
];

for (const c of cases) {
  test(`round trips: ${c.name}`, () => {
    const jco = jsonToJco(c.type, c.json);
    if (typeof c.jco === 'number' && Number.isNaN(c.jco)) assert.ok(Number.isNaN(jco));
    else assert.deepEqual(jco, c.jco);
    assert.deepEqual(jcoToJson(c.type, jco), c.json);
    assert.deepEqual(jcoToJson(c.type, c.jco), c.json);
    assert.equal(printWave(c.type, c.json), c.wave);
    assert.deepEqual(parseWave(c.type, c.wave), c.json);
    assert.equal(printWave(c.type, parseWave(c.type, c.wave)), c.wave);
  });
}

test('jco inputs: typed arrays, arrays for list<u8>, BigInt/number for 64-bit, f32 precision', () => {
  assert.deepEqual(jcoToJson({ kind: 'list', element: u32 }, new Uint32Array([1, 4294967295])), [1, 4294967295]);
  assert.deepEqual(jcoToJson({ kind: 'list', element: u8 }, [1, 2]), [1, 2]);
  assert.deepEqual(jcoToJson({ kind: 'list', element: s64 }, new BigInt64Array([-1n, 9007199254740993n])), [-1, '9007199254740993']);
  assert.equal(jcoToJson(u64, 5), 5);
  assert.equal(jcoToJson({ kind: 'f32' }, Math.fround(0.1)), 0.1);
  assert.equal(jcoToJson({ kind: 'option', inner: u8 }, null), null);
  assert.deepEqual(jcoToJson(perms, { read: true }), ['read']);
});

test('JSON input leniency', () => {
  assert.equal(jsonToJco(u64, '12'), 12n);
  assert.equal(jsonToJco({ kind: 'f64' }, 3), 3);
  // missing option field = none
  assert.deepEqual(jsonToJco(item, { 'item-id': 'x', qty: 1 }), { itemId: 'x', qty: 1, note: undefined });
  // bare case name for payload-less variant cases
  assert.deepEqual(jsonToJco(shape, 'none'), { tag: 'none' });
  assert.equal(printWave(shape, 'none'), '%none');
});

test('JSON validation errors name the path and what was expected', () => {
  const item2: WitType = { kind: 'record', fields: [{ name: 'items', type: { kind: 'list', element: item } }] };
  let e = valueError(() =>
    jsonToJco(
      item2,
      {
        items: [
          { 'item-id': 'a', qty: 1 },
          { 'item-id': 'b', qty: 1 },
          { 'item-id': 'c', qty: -1 },
        ],
      },
      'args[0]',
    ),
  );
  assert.equal(e.message, 'args[0].items[2].qty: expected u32 (0..4294967295), got -1');
  assert.equal(e.path, 'args[0].items[2].qty');
  e = valueError(() => jsonToJco(color, 'blue', 'args[1]'));
  assert.equal(e.message, 'args[1]: expected one of red, green; got "blue"');
  e = valueError(() => jsonToJco(u8, 256));
  assert.equal(e.message, 'expected u8 (0..255), got 256');
  e = valueError(() => jsonToJco({ kind: 's8' }, 1.5));
  assert.equal(e.message, 'expected s8 (-128..127), got 1.5');
  e = valueError(() => jsonToJco(u64, 2 ** 60));
  assert.match(e.message, /pass it as a decimal string/);
  e = valueError(() => jsonToJco(u64, '-1'));
  assert.match(e.message, /expected u64 \(0\.\.18446744073709551615\), got "-1"/);
  e = valueError(() => jsonToJco(s64, '9223372036854775808'));
  assert.match(e.message, /expected s64/);
  e = valueError(() => jsonToJco({ kind: 'char' }, 'ab'));
  assert.match(e.message, /exactly one Unicode character/);
  valueError(() => jsonToJco({ kind: 'char' }, '\ud800'));
  e = valueError(() => jsonToJco(item, { itemId: 'x', qty: 1 }, 'a'));
  assert.equal(e.message, 'a: unknown field "itemId"; did you mean "item-id"?');
  e = valueError(() => jsonToJco(item, { qty: 1 }, 'a'));
  assert.equal(e.message, 'a: missing field "item-id"');
  e = valueError(() => jsonToJco(shape, { triangle: 1 }));
  assert.match(e.message, /expected one of circle, rect, none; got "triangle"/);
  e = valueError(() => jsonToJco(shape, { circle: 'x' }, 'p'));
  assert.equal(e.path, 'p.circle');
  e = valueError(() => jsonToJco(perms, ['read', 'exec'], 'f'));
  assert.equal(e.message, 'f[1]: expected one of read, write, is-exec; got "exec"');
  e = valueError(() => jsonToJco(optopt, 3));
  assert.match(e.message, /\{"some": value\}/);
  e = valueError(() => jsonToJco({ kind: 'result', ok: u8 }, { ok: 1, err: 2 }));
  assert.match(e.message, /expected a result/);
  e = valueError(() => jsonToJco({ kind: 'resource', handle: 'borrow', name: 'cart' }, 1, 'args[0]'));
  assert.equal(e.message, 'args[0]: borrow<cart> is a resource handle, which cannot be passed as a JSON value');
  e = valueError(() => jsonToJco({ kind: 'tuple', items: [u8, u8] }, [1]));
  assert.match(e.message, /expected a tuple of 2/);
  e = valueError(() => jsonToJco({ kind: 'bool' }, 'true'));
  assert.equal(e.message, 'expected bool (true or false), got "true"');
});

test('jco output errors', () => {
  assert.throws(() => jcoToJson(u8, 300), /expected u8 \(0\.\.255\) from the component, got 300/);
  assert.throws(() => jcoToJson(shape, { tag: 'x' }), ValueError);
  assert.throws(() => jcoToJson({ kind: 'resource', handle: 'own', name: 'r' }, {}), /no JSON representation/);
});

test('WAVE parsing: syntax variations', () => {
  assert.deepEqual(parseWave({ kind: 'option', inner: u32 }, '7'), 7); // bare some
  assert.deepEqual(parseWave(item, ' { qty: 3 , item-id: "x", } '), { 'item-id': 'x', qty: 3, note: null });
  assert.deepEqual(parseWave({ kind: 'list', element: u8 }, '[1, 2,]'), [1, 2]);
  assert.equal(parseWave(str, '"\\u{1F600}\\\'"'), "😀'");
  assert.equal(parseWave({ kind: 'f64' }, '1e3'), 1000);
  assert.equal(parseWave({ kind: 'f64' }, '5'), 5);
  assert.deepEqual(parseWave({ kind: 'variant', cases: [{ name: 'ok', type: u8 }] }, '%ok(1)'), { ok: 1 });
  assert.deepEqual(parseWave(perms, '{write, read}'), ['read', 'write']);
  assert.equal(parseWave(u64, '9007199254740993'), '9007199254740993');
  assert.equal(parseWave(u8, '  // comment\n 5'), 5);
});

test('WAVE errors carry a position and path', () => {
  let e = valueError(() => parseWave(u32, '-1'));
  assert.equal(e.message, 'at column 1: expected u32 (0..4294967295), got -1');
  e = valueError(() => parseWave(item, '{item-id: "x", qty: 1.5}'));
  assert.equal(e.message, 'at column 21: qty: expected u32 (0..4294967295), got `1.5`');
  assert.equal(e.offset, 20);
  e = valueError(() => parseWave(item, '{item-id: "x", qtx: 1}'));
  assert.match(e.message, /at column 16: unknown field `qtx`/);
  e = valueError(() => parseWave(item, '{qty: 1}'));
  assert.match(e.message, /missing field `item-id`/);
  e = valueError(() => parseWave(color, 'blue'));
  assert.equal(e.message, 'at column 1: expected one of red, green; got `blue`');
  e = valueError(() => parseWave(str, '"abc'));
  assert.match(e.message, /unterminated string/);
  e = valueError(() => parseWave(str, '"a\\q"'));
  assert.match(e.message, /at column 3: invalid escape `\\q`/);
  e = valueError(() => parseWave({ kind: 'char' }, "'ab'"));
  assert.match(e.message, /exactly one character/);
  e = valueError(() => parseWave(u8, '1 2'));
  assert.match(e.message, /at column 3: unexpected `2` after the value/);
  e = valueError(() => parseWave({ kind: 'list', element: u8 }, '[1, 2'));
  assert.match(e.message, /expected `]`, found end of input/);
  e = valueError(() => parseWave(shape, 'circle'));
  assert.match(e.message, /needs a payload/);
  e = valueError(() => parseWave(optopt, '3'));
  assert.match(e.message, /some\(…\) or none/);
  e = valueError(() => parseWave({ kind: 'result', ok: u8 }, 'ok'));
  assert.match(e.message, /`ok` needs a value/);
  e = valueError(() => parseWave(u8, 'x\n  300'));
  assert.match(e.message, /^at line 1, column 1/);
  e = valueError(() => parseWave({ kind: 'list', element: item }, '[{item-id: "a", qty: 99999999999}]'));
  assert.equal(e.path, '[0].qty');
});

test('parseWaveArgs', () => {
  const params = [
    { name: 'name', type: str },
    { name: 'qty', type: u32 },
  ];
  assert.deepEqual(parseWaveArgs(params, '"apple", 3'), ['apple', 3]);
  assert.deepEqual(parseWaveArgs(params, '"apple", 3,'), ['apple', 3]);
  assert.deepEqual(parseWaveArgs([], '  '), []);
  let e = valueError(() => parseWaveArgs(params, '"apple"'));
  assert.match(e.message, /missing argument `qty`: expected 2 argument\(s\) \(name, qty\), got 1/);
  e = valueError(() => parseWaveArgs(params, '"apple", 3, 4'));
  assert.match(e.message, /too many arguments/);
  e = valueError(() => parseWaveArgs(params, '"apple" 3'));
  assert.match(e.message, /expected `,` between arguments/);
  e = valueError(() => parseWaveArgs(params, '"apple", -3'));
  assert.equal(e.message, 'at column 10: args[1]: expected u32 (0..4294967295), got -3');
  e = valueError(() => parseWaveArgs([], '1'));
  assert.match(e.message, /takes no arguments/);
});

test('printWave validates and escapes keyword labels', () => {
  const v: WitType = { kind: 'enum', cases: ['true', 'some'] };
  assert.equal(printWave(v, 'true'), '%true');
  assert.equal(parseWave(v, '%some'), 'some');
  assert.throws(() => printWave(u8, 'x'), ValueError);
  assert.equal(printWave(str, '\u0001'), '"\\u{1}"');
  assert.equal(parseWave(str, '"\\u{1}"'), '\u0001');
});

test('a string with a lone surrogate is refused, as JSON and as WAVE; a surrogate pair is one character and fine', () => {
  for (const lone of ['\ud800', 'a\udc00b', 'x\ud83d']) {
    assert.match(valueError(() => jsonToJco(str, lone, 'args[0]')).message, /^args\[0\]: expected string of Unicode scalar values/);
    assert.match(valueError(() => parseWave(str, `"${lone}"`)).message, /^at column 1: expected string of Unicode scalar values/);
  }
  // Nested: a record field and a list element are strings too.
  assert.match(
    valueError(() => jsonToJco(item, { 'item-id': '\ud800', qty: 1 }, 'args[0]')).message,
    /^args\[0\]\.item-id: .*lone surrogate/,
  );
  assert.equal(jsonToJco(str, 'ok \ud83d\ude00'), 'ok \ud83d\ude00');
  assert.equal(parseWave(str, '"\ud83d\ude00"'), '\ud83d\ude00');
});
