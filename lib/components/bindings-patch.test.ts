import { test } from 'node:test';
import assert from 'node:assert/strict';
import { patchBindings, needsBindingsPatch, probeJspiOnce } from './bindings-patch';

// The shape jco 1.35 generates for every export at instantiation.
const JCO = 'let fAsync;\ntry {\n  fAsync = WebAssembly.promising(f);\n} catch(err) {\n  fAsync = f;\n}\nreturn fAsync;';
const run = (code: string, f: () => void) => new Function('f', code)(f) as unknown;

test('the JSPI probe: the fallback without WebAssembly.promising, the same call with it, applied once', () => {
  const f = () => {};
  const patched = patchBindings(JCO);
  assert.ok(needsBindingsPatch(JCO));
  assert.ok(!needsBindingsPatch(patched));
  assert.equal(patchBindings(patched), patched);
  const wasm = WebAssembly as unknown as { promising?: (g: () => void) => unknown };
  const real = wasm.promising;
  try {
    delete wasm.promising; // Node 20 has none
    assert.equal(run(patched, f), f);
    wasm.promising = (g) => ({ promised: g });
    assert.deepEqual(run(patched, f), { promised: f });
    assert.deepEqual(run(JCO, f), { promised: f });
  } finally {
    if (real) wasm.promising = real;
    else delete wasm.promising;
  }
});

test('the fallback without JSPI throws nothing, gives what the catch gave, and reaches bindings patched before', () => {
  const f = () => {};
  const patched = patchBindings(JCO);
  assert.doesNotMatch(patched, /catch\(err\)/);
  // What the previous patch wrote (the probe alone) is patched again when loaded.
  const before = probeJspiOnce(JCO);
  assert.ok(needsBindingsPatch(before));
  assert.equal(patchBindings(before), patched);
  const wasm = WebAssembly as unknown as { promising?: (g: () => void) => unknown };
  const real = wasm.promising;
  try {
    delete wasm.promising;
    assert.equal(run(patched, f), f);
    wasm.promising = () => {
      throw new TypeError('not a wasm function');
    };
    assert.equal(run(patched, f), f);
    assert.equal(run(JCO, f), f);
  } finally {
    if (real) wasm.promising = real;
    else delete wasm.promising;
  }
});
