// Retrying a flaky call the Golem way: the call sits in an atomic region, and
// a failure throws, which traps the worker. Because the region never ended,
// the retry re-executes it live: the request really is sent again. (Outside a
// region, recovery would replay the recorded 503 and fail the same way.)
import { markBeginOperation, markEndOperation, getSelfMetadata } from 'golem:api/host@1.5.0';
import { getEnvironment } from 'wasi:cli/environment@0.2.12';
import { getStdout } from 'wasi:cli/stdout@0.2.12';
import { send } from 'playground:http/client@0.1.0';

function print(line) {
  const bytes = [];
  for (const ch of line + '\n') {
    const c = ch.codePointAt(0);
    if (c < 0x80) bytes.push(c);
    else if (c < 0x800) bytes.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) bytes.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else bytes.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  getStdout().blockingWriteAndFlush(new Uint8Array(bytes));
}

function env(name, fallback) {
  for (const [k, v] of getEnvironment()) if (k === name) return v;
  return fallback;
}

export const api = {
  call(key, failures) {
    const url = env('FLAKY_URL', 'http://127.0.0.1:3000/api/demo/flaky') +
      '?key=' + encodeURIComponent(key) + '&failures=' + failures;
    const begin = markBeginOperation();
    // Inside the region, so read live on every attempt: a counter in memory
    // would not do, since each retry starts from a fresh instance.
    const attempt = getSelfMetadata().retryCount + 1;
    const res = send({ method: 'GET', url, headers: [], body: null });
    print('attempt ' + attempt + ': ' + res.status + ' ' + res.body);
    if (res.status !== 200) throw new Error('service answered ' + res.status + ': ' + res.body);
    markEndOperation(begin);
    return res.body + ' (worker attempt ' + attempt + ')';
  },
};
