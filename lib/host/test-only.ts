// Test-only host functions, offered only when PLAYGROUND_TEST_HOST=1 (the
// engine tests set it): a planted durability bug the durability checker must
// find. Never offered to users' components.

import type { HostContext } from './context';
import { config } from '../config';

export const TEST_ONLY_INTERFACES: readonly string[] = ['test:planted/unrecorded'];

export function testOnlyEnabled(): boolean {
  return config.testHost === '1';
}

export function testOnlyImports(ctx: HostContext): Record<string, Record<string, unknown>> {
  if (!testOnlyEnabled()) return {};
  // The bug: a counter kept in the host's memory and handed to the guest
  // without ctx.durable, so its result is never recorded. Replay does not
  // count (as if the answer came from the oplog) and a recovered instance
  // starts again from zero: after a kill the guest sees other numbers.
  let live = 0;
  return {
    'test:planted/unrecorded': {
      nextToken: () => (ctx.replaying() ? live : ++live),
    },
  };
}
