// For tests that inspect an error's fields (location, path, message), which
// assert.throws cannot hand back.

import assert from 'node:assert/strict';

/** The error `fn` throws, which must be a `type`: another error is rethrown, no error fails the test. */
export function thrown<E extends Error>(type: abstract new (...args: never) => E, fn: () => unknown): E {
  try {
    fn();
  } catch (e) {
    if (e instanceof type) return e;
    throw e;
  }
  assert.fail(`expected a ${type.name}`);
}
