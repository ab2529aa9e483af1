// Exercises every kind of durable host call a step of a workflow makes.
import { now } from 'wasi:clocks/wall-clock@0.2.12';
import { now as monoNow } from 'wasi:clocks/monotonic-clock@0.2.12';
import { getRandomU64 } from 'wasi:random/random@0.2.12';
import { getStdout } from 'wasi:cli/stdout@0.2.12';
import { send } from 'playground:http/client@0.1.0';

const done = [];

// The guest has no TextEncoder: encodeURIComponent writes the line's UTF-8
// bytes as %XX escapes, and unescape turns each escape into one char code.
function print(line) {
  const bytes = unescape(encodeURIComponent(line + '\n'));
  getStdout().blockingWriteAndFlush(Uint8Array.from(bytes, (b) => b.charCodeAt(0)));
}

function post(authority, path, text) {
  const res = send({ method: 'POST', url: 'http://' + authority + path, headers: [['content-type', 'text/plain']], body: text });
  return res.status + ' ' + res.body;
}

export const api = {
  step(n, authority) {
    const t = now();
    const m = monoNow();
    const r = getRandomU64() % 1000000;
    print('step ' + n + ' drew ' + r);
    const reply = post(authority, '/record', 'step-' + n + '-' + r);
    const line = n + ':' + r + ':' + (t.seconds > 0 && m > 0 ? 'clock' : 'noclock') + ':' + reply;
    done.push(line);
    return line;
  },
  summary() {
    return done.slice();
  },
};
