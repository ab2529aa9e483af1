// A small workflow: each step's outcome is recorded, so a crash in the middle
// resumes after the last recorded step, without calling the service again.
import { subscribeDuration } from 'wasi:clocks/monotonic-clock@0.2.12';
import { getStdout } from 'wasi:cli/stdout@0.2.12';
import { send } from 'playground:http/client@0.1.0';

function print(line) {
  const bytes = [];
  for (const ch of line + '\n') bytes.push(ch.charCodeAt(0) & 0xff);
  getStdout().blockingWriteAndFlush(new Uint8Array(bytes));
}

function call(url, step) {
  const res = send({ method: 'POST', url, headers: [['content-type', 'text/plain']], body: 'step ' + step });
  print('step ' + step + ': ' + res.status);
  return 'step ' + step + ' -> ' + res.status;
}

export const api = {
  run(url, pauseMs) {
    const log = [];
    log.push(call(url, 1));
    print('sleeping ' + pauseMs + ' ms');
    subscribeDuration(pauseMs * 1000000).block();
    log.push(call(url, 2));
    return log;
  },
};
