// Test hook: how many workers' instances a thread holds, asked of the thread
// itself (it answers after every message sent before), so a test can see that a
// dropped worker's instance is really gone from a shared thread.

import type { Worker } from 'node:worker_threads';
import type { CountHeldMessage, HeldMessage } from '../thread/protocol';

export function heldOn(thread: Worker): Promise<number | undefined> {
  return new Promise((res) => {
    const on = (m: { type?: string } & Partial<HeldMessage>) => {
      if (m.type !== 'held') return;
      thread.off('message', on);
      res(m.runs);
    };
    thread.on('message', on);
    thread.postMessage({ type: 'count-held' } satisfies CountHeldMessage);
  });
}
