// The request guard's verdicts, case by case (the real server is exercised by e2e/security-api.spec.ts).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkRequest, type GuardRequest } from './guard';
import { securityConfig } from './config';

const loopback = securityConfig({ PORT: '3000' });
const exposed = { ...securityConfig({ PORT: '3000', HOST: '0.0.0.0', PLAYGROUND_TOKEN: 'sesame' }) };
const req = (method: string, url: string, headers: GuardRequest['headers'] = {}): GuardRequest => ({
  method,
  url,
  headers: { host: 'localhost:3000', ...headers },
});
const status = (v: ReturnType<typeof checkRequest>) => (v.ok ? 200 : v.status);

test('loopback defaults: Host names, same origin, content types and sizes', () => {
  assert.equal(loopback.exposed, false);
  assert.equal(status(checkRequest(req('GET', '/api/components'), loopback)), 200);
  assert.equal(status(checkRequest(req('GET', '/', { host: 'evil.example:3000' }), loopback)), 403);
  assert.equal(status(checkRequest(req('GET', '/', { host: '[::1]:3000' }), loopback)), 200);
  // A malformed percent-escape anywhere in the path: 400 with the segment named, for pages and the API alike.
  const malformed = checkRequest(req('GET', '/workers/c/w%E0%A4%A/replay'), loopback);
  assert.deepEqual(malformed.ok ? 200 : [malformed.status, malformed.message], [
    400,
    'the URL path segment "w%E0%A4%A" is not valid percent-encoding',
  ]);
  assert.equal(status(checkRequest(req('DELETE', '/api/components/%'), loopback)), 400);
  assert.equal(status(checkRequest(req('GET', '/workers/%E2%9C%93/w%20x'), loopback)), 200, 'valid escapes pass');
  assert.equal(status(checkRequest(req('POST', '/api/runtime/crash', { origin: 'http://evil.example' }), loopback)), 403);
  assert.equal(status(checkRequest(req('POST', '/api/runtime/crash', { origin: 'null' }), loopback)), 403);
  assert.equal(status(checkRequest(req('POST', '/api/runtime/crash', { referer: 'http://localhost:3001/page' }), loopback)), 403);
  assert.equal(status(checkRequest(req('POST', '/api/runtime/crash', { origin: 'http://localhost:3000' }), loopback)), 200);
  assert.equal(status(checkRequest(req('POST', '/api/runtime/crash'), loopback)), 200, 'no Origin, no Referer: a script');
  const json = { 'content-type': 'application/json', 'content-length': '2' };
  assert.equal(status(checkRequest(req('POST', '/api/workers', json), loopback)), 200);
  assert.equal(status(checkRequest(req('POST', '/api/workers', { 'content-type': 'text/plain', 'content-length': '2' }), loopback)), 415);
  assert.equal(status(checkRequest(req('POST', '/api/workers', { 'content-length': '2' }), loopback)), 415);
  assert.equal(status(checkRequest(req('POST', '/api/components', json), loopback)), 415, 'uploads are multipart');
  // An imported history (JSON) carries its component's bytes: it may be as large as an upload, not larger.
  const history = (mb: number) => ({ 'content-type': 'application/json', 'content-length': String(mb * 1024 * 1024) });
  assert.equal(status(checkRequest(req('POST', '/api/import', history(10)), loopback)), 200);
  assert.equal(status(checkRequest(req('POST', '/api/workers', history(10)), loopback)), 413);
  assert.equal(status(checkRequest(req('POST', '/api/import', history(51)), loopback)), 413);
  const text = { 'content-type': 'text/plain; charset=utf-8', 'content-length': '6' };
  assert.equal(status(checkRequest(req('POST', '/api/demo/workflow', text), loopback)), 200, 'the workflow demo takes plain text');
  assert.equal(status(checkRequest(req('POST', '/api/demo/workflow', json), loopback)), 415);
  assert.equal(status(checkRequest(req('POST', '/api/demo/payment', text), loopback)), 415, 'only the workflow demo');
  assert.equal(
    status(
      checkRequest(req('POST', '/api/components', { 'content-type': 'multipart/form-data; boundary=x', 'content-length': '9' }), loopback),
    ),
    200,
  );
  assert.equal(status(checkRequest(req('POST', '/api/workers', { ...json, 'content-length': String(5 * 1024 * 1024) }), loopback)), 413);
  assert.equal(
    status(checkRequest(req('POST', '/api/workers', { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }), loopback)),
    411,
  );
});

test('exposed: every request needs the token (query once, then cookie; or a bearer header)', () => {
  assert.equal(exposed.exposed, true);
  assert.equal(status(checkRequest(req('GET', '/'), exposed)), 401);
  assert.equal(status(checkRequest(req('GET', '/?token=wrong'), exposed)), 401);
  const first = checkRequest(req('GET', '/workers?token=sesame&x=1'), exposed);
  assert.ok(!first.ok && first.status === 302);
  assert.equal(!first.ok && first.headers?.location, '/workers?x=1');
  assert.match(!first.ok ? (first.headers?.['set-cookie'] ?? '') : '', /^playground_token=sesame; Path=\/; HttpOnly; SameSite=Lax$/);
  assert.equal(status(checkRequest(req('GET', '/', { cookie: 'a=b; playground_token=sesame' }), exposed)), 200);
  assert.equal(status(checkRequest(req('POST', '/api/runtime/crash', { authorization: 'Bearer sesame' }), exposed)), 200);
  assert.equal(status(checkRequest(req('POST', '/api/runtime/crash', { authorization: 'Bearer sesamf' }), exposed)), 401);
});
