// Retrying a flaky call the Golem way: the call sits in an atomic region, and
// a failure throws, which traps the worker. Because the region never ended,
// the retry re-executes it live: the request really is sent again. (Outside a
// region, recovery would replay the recorded 503 and fail the same way.)
import { markBeginOperation, markEndOperation, getSelfMetadata } from 'golem:api/host@1.5.0';
import { getEnvironment } from 'wasi:cli/environment@0.2.12';
import { getStdout } from 'wasi:cli/stdout@0.2.12';
import { send } from 'playground:http/client@0.1.0';

// The guest has no TextEncoder: encodeURIComponent writes the line's UTF-8
// bytes as %XX escapes, and unescape turns each escape into one char code.
function print(line) {
  const bytes = unescape(encodeURIComponent(line + '\n'));
  getStdout().blockingWriteAndFlush(Uint8Array.from(bytes, (b) => b.charCodeAt(0)));
}

export const api = {
  call(key, failures) {
    const url = (new Map(getEnvironment()).get('FLAKY_URL') ?? 'http://127.0.0.1:3000/api/demo/flaky') +
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
