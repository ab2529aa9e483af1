// The hot JSON API answered by the production server itself, before Next:
// invoke, invoke-and-await, a worker's status and the worker list. Next's request path costs
// ~5-8 ms of CPU per API request on these machines (routing, tracing, web
// streams, async-context bookkeeping) against ~0.1 ms for the work here; the
// answers are the routes' own functions (lib/api), fed the raw parts, so a
// client sees the same bodies, statuses and messages. The request guard
// (lib/security/guard.ts) has already run when these are called.

import type http from 'node:http';
import type { Answer } from '../api/respond';
import { invokeAnswer } from '../api/invoke';
import { workerAnswer } from '../api/worker-status';
import { listAnswer, type ListAnswer } from '../api/worker-list';

const INVOKE = /^\/api\/workers\/([^/?]+)\/([^/?]+)\/(invoke-and-await|invoke)(?:\?.*)?$/;
const WORKER = /^\/api\/workers\/([^/?]+)\/([^/?]+)(?:\?.*)?$/;
const LIST = /^\/api\/workers(?:\?.*)?$/;

/** The request's body as text; the guard has bounded its size by Content-Length. */
function body(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (text += c));
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });
}

function send(res: http.ServerResponse, a: ListAnswer): void {
  const text = 'text' in a ? a.text : JSON.stringify(a.body);
  res.writeHead(a.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function invoke(req: http.IncomingMessage, m: RegExpExecArray): Promise<Answer> {
  const key = req.headers['idempotency-key'];
  // INVOKE's groups are not optional.
  return invokeAnswer(m[1]!, m[2]!, await body(req), typeof key === 'string' ? key : null, m[3] === 'invoke-and-await');
}

/** Answers the request and returns true when it is one of the hot routes; false leaves it to Next. */
export function fastPath(req: http.IncomingMessage, res: http.ServerResponse): boolean {
  const url = req.url ?? '';
  if (!url.startsWith('/api/workers')) return false;
  let answer: Promise<ListAnswer>;
  let m: RegExpExecArray | null;
  if (req.method === 'GET' && LIST.test(url)) answer = listAnswer(new URL(url, 'http://x').searchParams);
  else if (req.method === 'POST' && (m = INVOKE.exec(url))) answer = invoke(req, m);
  else if (req.method === 'GET' && (m = WORKER.exec(url))) answer = workerAnswer(m[1]!, m[2]!);
  else return false;
  answer.then(
    (a) => send(res, a),
    (e: unknown) => send(res, { status: 500, body: { error: `internal error: ${e instanceof Error ? e.message : String(e)}` } }),
  );
  return true;
}
