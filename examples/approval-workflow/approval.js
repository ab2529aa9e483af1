// Human in the loop, as in Golem's template: the worker creates a promise,
// tells a person about it, and waits. Waiting costs nothing: the worker is
// suspended until the promise is completed (dashboard or
// POST /api/workers/{component}/{worker}/promises/{n}/complete), and a kill or
// a crash while it waits loses nothing.
import { createPromise, getPromise, getSelfMetadata } from 'golem:api/host@1.5.0';
import { getEnvironment } from 'wasi:cli/environment@0.2.12';
import { getStdout } from 'wasi:cli/stdout@0.2.12';
import { subscribeDuration } from 'wasi:clocks/monotonic-clock@0.2.12';
import { send } from 'playground:http/client@0.1.0';

// The latest request: { request, promise, outcome, by }. Memory is rebuilt by
// replay, so this survives kills like any other state.
let current = null;

// The guest has no TextEncoder or TextDecoder: encodeURIComponent writes a
// string's UTF-8 bytes as %XX escapes, and unescape turns each escape into one
// char code (escape and decodeURIComponent go back).
function print(line) {
  const bytes = unescape(encodeURIComponent(line + '\n'));
  getStdout().blockingWriteAndFlush(Uint8Array.from(bytes, (b) => b.charCodeAt(0)));
}

// Bytes that are not UTF-8 (a promise completed with raw bytes) read as one
// char per byte instead of failing the workflow: anything not a yes is a no.
function fromUtf8(bytes) {
  let latin1 = '';
  for (const b of bytes) latin1 += String.fromCharCode(b);
  try {
    return decodeURIComponent(escape(latin1));
  } catch {
    return latin1;
  }
}

// "approved", "yes", {"approved": true}, {"decision": "approve", "by": "ann"}...
// Anything not recognisably a yes is a no.
function decide(text) {
  let answer = text.trim();
  let by = null;
  try {
    const v = JSON.parse(answer);
    if (typeof v === 'string' || typeof v === 'boolean') answer = String(v);
    else if (v && typeof v === 'object') {
      answer = String(v.approved ?? v.decision ?? v.status ?? '');
      by = v.by ?? null;
    }
  } catch (e) {
    // Plain text.
  }
  const approved = /^(approved?|yes|ok|true)$/i.test(answer);
  return { outcome: approved ? 'approved' : 'rejected', by };
}

export const api = {
  run(request) {
    const promise = createPromise();
    current = { request, promise: promise.oplogIdx, outcome: null, by: null };

    // Tell the approver which promise to complete. Best effort: if the
    // service is down, the promise is still on the worker's page.
    try {
      const res = send({
        method: 'POST',
        url: new Map(getEnvironment()).get('NOTIFY_URL') ?? 'http://127.0.0.1:3000/api/demo/notify',
        headers: [['content-type', 'application/json']],
        body: JSON.stringify({ worker: getSelfMetadata().agentId.agentId, promise: promise.oplogIdx, request }),
      });
      if (res.status !== 200) print('notification refused (' + res.status + '): ' + res.body);
    } catch (e) {
      print('could not notify anyone: ' + e);
    }

    print('waiting for approval (promise ' + promise.oplogIdx + ')');
    // Golem 1.5's wait: block on the promise's pollable, then read it.
    const result = getPromise(promise);
    result.subscribe().block();
    const { outcome, by } = decide(fromUtf8(result.get()));
    current.outcome = outcome;
    current.by = by;
    print(request + ': ' + outcome + (by ? ' by ' + by : ''));

    // A grace period before acting on the decision, as a durable sleep: kill
    // the worker now and it wakes on time without asking anyone again.
    print('acting on it in 3 s');
    subscribeDuration(3_000_000_000).block();
    print('done: ' + request + ' ' + outcome);
    return outcome + ': ' + request;
  },

  status() {
    if (!current) return 'no request yet';
    if (!current.outcome) return 'waiting for approval of "' + current.request + '" (promise ' + current.promise + ')';
    return '"' + current.request + '" ' + current.outcome + (current.by ? ' by ' + current.by : '');
  },
};
