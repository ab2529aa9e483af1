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

/** True when bindings still carry a shortcut this module fixes. */
export function needsBindingsPatch(bindings: string): boolean {
  return bindings.includes(EMPTY_STRING_SHORTCUT);
}
