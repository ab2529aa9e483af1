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

function utf8(s) {
  const out = [];
  for (const ch of s) {
    const c = ch.codePointAt(0);
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return new Uint8Array(out);
}

// No TextDecoder in the guest: decode the promise's payload by hand.
function fromUtf8(bytes) {
  let s = '';
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i++];
    let c = b;
    if (b >= 0xf0) c = ((b & 7) << 18) | ((bytes[i++] & 63) << 12) | ((bytes[i++] & 63) << 6) | (bytes[i++] & 63);
    else if (b >= 0xe0) c = ((b & 15) << 12) | ((bytes[i++] & 63) << 6) | (bytes[i++] & 63);
    else if (b >= 0xc0) c = ((b & 31) << 6) | (bytes[i++] & 63);
    s += String.fromCodePoint(c);
  }
  return s;
}

function print(line) {
  getStdout().blockingWriteAndFlush(utf8(line + '\n'));
}

function env(name, fallback) {
  for (const [k, v] of getEnvironment()) if (k === name) return v;
  return fallback;
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
        url: env('NOTIFY_URL', 'http://127.0.0.1:3000/api/demo/notify'),
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
