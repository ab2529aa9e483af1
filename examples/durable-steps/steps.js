// Exercises every kind of durable host call a step of a workflow makes.
import { now } from 'wasi:clocks/wall-clock@0.2.12';
import { now as monoNow } from 'wasi:clocks/monotonic-clock@0.2.12';
import { getRandomU64 } from 'wasi:random/random@0.2.12';
import { getStdout } from 'wasi:cli/stdout@0.2.12';
import { send } from 'playground:http/client@0.1.0';

const done = [];

function utf8(s) {
  const out = [];
  for (const ch of s) {
    let c = ch.codePointAt(0);
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return new Uint8Array(out);
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
    getStdout().blockingWriteAndFlush(utf8('step ' + n + ' drew ' + r + '\n'));
    const reply = post(authority, '/record', 'step-' + n + '-' + r);
    const line = n + ':' + r + ':' + (t.seconds > 0 && m > 0 ? 'clock' : 'noclock') + ':' + reply;
    done.push(line);
    return line;
  },
  summary() {
    return done.slice();
  },
};
