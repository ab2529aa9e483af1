// A small workflow: each step's outcome is recorded, so a crash in the middle
// resumes after the last recorded step, without calling the service again.
import { subscribeDuration } from 'wasi:clocks/monotonic-clock@0.2.12';
import { getStdout } from 'wasi:cli/stdout@0.2.12';
import { send } from 'playground:http/client@0.1.0';

// The guest has no TextEncoder: encodeURIComponent writes the line's UTF-8
// bytes as %XX escapes, and unescape turns each escape into one char code.
function print(line) {
  const bytes = unescape(encodeURIComponent(line + '\n'));
  getStdout().blockingWriteAndFlush(Uint8Array.from(bytes, (b) => b.charCodeAt(0)));
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
