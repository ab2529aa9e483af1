// Fixes to the JavaScript that jco 1.35 generates, applied to every version's
// bindings after transpiling (and to versions transpiled before a fix).

/**
 * jco lowers an empty string into the guest as (ptr 1, len 0) without calling
 * the guest's realloc. The canonical ABI calls realloc(0, 0, 1, 0) for every
 * string, even an empty one, and wasmtime (so Golem) does. The WASI preview1
 * adapter depends on it: in environ_get/args_get it bump-allocates each string
 * one byte longer into the caller's buffer and writes the `=` and the final
 * `\0` right after each string it was given. With no allocation for an empty
 * value, the `\0` lands at address 1 and `EMPTY=` runs on into the next
 * variable's text: a program reads EMPTY as "UNI=ü✓ 🎉". Reproduction:
 * test/fixtures/env-empty/repro.mjs.
 */
const EMPTY_STRING_SHORTCUT = 'if (s.length === 0) { return { ptr: 1, len: 0 }; }';
const EMPTY_STRING_ALLOCATED = 'if (s.length === 0) { return { ptr: realloc(0, 0, 1, 0), len: 0, codepoints: 0 }; }';

export function callReallocForEmptyStrings(bindings: string): string {
  return bindings.replaceAll(EMPTY_STRING_SHORTCUT, EMPTY_STRING_ALLOCATED);
}

/**
 * At instantiation jco tries `WebAssembly.promising` (JSPI) on every export
 * and falls back when that throws. Node 20 has no JSPI: each try threw
 * "WebAssembly.promising is not a function", and to word that message V8
 * parses the whole init function (~250 KB) again, once per export: about a
 * third of a worker thread's start, paid again at every recovery. The probe
 * throws a ready-made error instead; where JSPI exists it is the same call.
 */
const PROMISING_CALL = 'WebAssembly.promising(';
const PROMISING_PROBE = '__dpPromising(';
const PROMISING_HELPER = `const __dpNoJspi = new TypeError('WebAssembly.promising is not available');
const __dpPromising = (f) => { if (typeof WebAssembly.promising !== 'function') throw __dpNoJspi; return WebAssembly.promising(f); };
`;

const jspiProbed = (bindings: string) => bindings.startsWith(PROMISING_HELPER);

export function probeJspiOnce(bindings: string): string {
  if (jspiProbed(bindings) || !bindings.includes(PROMISING_CALL)) return bindings;
  return PROMISING_HELPER + bindings.replaceAll(PROMISING_CALL, PROMISING_PROBE);
}

/**
 * Even a ready-made error is costly to catch in jco's instantiation body: a
 * ~36 KB function in baseline code, where finding the handler walks its
 * bytecode offsets. Five per instance of a small JS component were a fifth to
 * a third of an instantiation's CPU in its thread (bench/instantiate.ts), paid
 * at every start, sleep and wake. Where the probe's only use is
 * `try { x = probe(f) } catch(err) { x = f }`, this helper gives the same
 * result without a throw; other uses (a throw there fails an async call) keep
 * the probe.
 */
const FALLBACK_HELPER = `const __dpPromisingOr = (f) => { if (typeof WebAssembly.promising !== 'function') return f; try { return WebAssembly.promising(f); } catch { return f; } };
`;
const PROBE_WITH_FALLBACK = /try \{\s*([\w$]+) = __dpPromising\(([^;\n]+)\);\s*\} catch\(err\) \{\s*\1 = \2;\s*\}/;

function fallBackWithoutThrowing(bindings: string): string {
  if (!jspiProbed(bindings) || !PROBE_WITH_FALLBACK.test(bindings)) return bindings;
  const all = new RegExp(PROBE_WITH_FALLBACK.source, 'g');
  const rest = bindings.slice(PROMISING_HELPER.length).replace(all, '$1 = __dpPromisingOr($2);');
  return PROMISING_HELPER + (rest.startsWith(FALLBACK_HELPER) ? '' : FALLBACK_HELPER) + rest;
}

/** Every fix of this module, in order. */
export function patchBindings(bindings: string): string {
  return fallBackWithoutThrowing(probeJspiOnce(callReallocForEmptyStrings(bindings)));
}

/** True when bindings still carry something this module fixes. */
export function needsBindingsPatch(bindings: string): boolean {
  return (
    bindings.includes(EMPTY_STRING_SHORTCUT) ||
    (!jspiProbed(bindings) && bindings.includes(PROMISING_CALL)) ||
    PROBE_WITH_FALLBACK.test(bindings)
  );
}
