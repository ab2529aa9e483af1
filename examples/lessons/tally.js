// A small worker for the "failure and recovery" and "recovery latency"
// lessons: a running total, a busy loop of short sleeps, and a long sleep.
import { subscribeDuration } from 'wasi:clocks/monotonic-clock@0.2.12';
import { getStdout } from 'wasi:cli/stdout@0.2.12';

let total = 0;
// Read and written by tally-snapshot.js, which the snapshot variant appends to this source.
// eslint-disable-next-line @typescript-eslint/no-unused-vars
let calls = 0;

// The guest has no TextEncoder: encodeURIComponent writes the line's UTF-8
// bytes as %XX escapes, and unescape turns each escape into one char code.
function print(line) {
  const bytes = unescape(encodeURIComponent(line + '\n'));
  getStdout().blockingWriteAndFlush(Uint8Array.from(bytes, (b) => b.charCodeAt(0)));
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
