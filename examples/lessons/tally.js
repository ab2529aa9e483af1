// A small worker for the "failure and recovery" and "recovery latency"
// lessons: a running total, a busy loop of short sleeps, and a long sleep.
import { subscribeDuration } from 'wasi:clocks/monotonic-clock@0.2.12';
import { getStdout } from 'wasi:cli/stdout@0.2.12';

let total = 0;
// Read and written by tally-snapshot.js, which the snapshot variant appends to this source.
// eslint-disable-next-line @typescript-eslint/no-unused-vars
let calls = 0;

function print(line) {
  const bytes = [];
  for (const ch of line + '\n') bytes.push(ch.charCodeAt(0) & 0xff);
  getStdout().blockingWriteAndFlush(new Uint8Array(bytes));
}

export const api = {
  add(n) {
    total += n;
    calls += 1;
    return total;
  },
  get() {
    return total;
  },
  work(steps, ms) {
    for (let i = 1; i <= steps; i++) {
      subscribeDuration(ms * 1000000).block();
      total += 1;
      print('step ' + i + ' of ' + steps + ', total ' + total);
    }
    return total;
  },
  nap(ms) {
    print('sleeping ' + ms + ' ms');
    subscribeDuration(ms * 1000000).block();
    print('awake');
    return total;
  },
};
