// The egress policy's decisions on resolved addresses (the engine path is test/egress.test.ts).

import { test } from 'node:test';
import os from 'node:os';
import assert from 'node:assert/strict';
import { egressPolicy, egressRefusal } from './egress';
import { securityConfig } from './config';

const at = (address: string, port = 80, path = '/', hostname = address) => ({ hostname, address, port, path });

test('loopback default: public addresses and the demo services on the app port; the rest needs the allow list', () => {
  const p = egressPolicy(securityConfig({ PORT: '3000' }));
  assert.equal(egressRefusal(p, at('93.184.215.14')), undefined);
  assert.equal(egressRefusal(p, at('2606:2800:21f:cb07:6820:80da:af6b:8b2c')), undefined);
  for (const a of [
    '127.0.0.1',
    '::1',
    '10.1.2.3',
    '172.16.0.1',
    '192.168.1.1',
    '169.254.169.254',
    'fd00:ec2::254',
    'fe80::1',
    '::ffff:10.0.0.1',
    '0.0.0.0',
    '100.64.0.1',
  ]) {
    assert.match(egressRefusal(p, at(a)) ?? '', /refused.*PLAYGROUND_HTTP_ALLOW/, a);
  }
  assert.equal(egressRefusal(p, at('127.0.0.1', 3000, '/api/demo/payment')), undefined);
  assert.equal(egressRefusal(p, at('::1', 3000, '/api/demo/flaky?failures=1&key=x', 'localhost')), undefined);
  assert.match(egressRefusal(p, at('127.0.0.1', 3000, '/api/runtime/crash')) ?? '', /refused/, 'the rest of the app is not a demo service');
  assert.match(egressRefusal(p, at('127.0.0.1', 3000, '/api/demo/../runtime/crash')) ?? '', /refused/);
  assert.match(egressRefusal(p, at('127.0.0.1', 3001, '/api/demo/payment')) ?? '', /refused/);
  // The app reached by the machine's name resolves to one of its own addresses.
  const own = Object.values(os.networkInterfaces())
    .flat()
    .find((a) => a && !a.internal && a.family === 'IPv4');
  if (own) {
    assert.equal(egressRefusal(p, at(own.address, 3000, '/api/demo/payment', os.hostname())), undefined);
    assert.match(egressRefusal(p, at(own.address, 3000, '/api/workers', os.hostname())) ?? '', /refused/);
  }
});

test('PLAYGROUND_HTTP_ALLOW takes CIDRs, addresses and host names; exposed means only the list', () => {
  const p = egressPolicy(securityConfig({ PLAYGROUND_HTTP_ALLOW: '10.0.0.0/8, 127.0.0.1 api.internal' }));
  assert.equal(egressRefusal(p, at('10.9.9.9')), undefined);
  assert.equal(egressRefusal(p, at('127.0.0.1')), undefined);
  assert.match(egressRefusal(p, at('127.0.0.2')) ?? '', /refused/);
  assert.equal(egressRefusal(p, at('192.168.5.5', 80, '/', 'api.internal')), undefined);
  const exposed = egressPolicy(securityConfig({ HOST: '0.0.0.0', PLAYGROUND_HTTP_ALLOW: '10.0.0.0/8' }));
  assert.match(
    egressRefusal(exposed, at('93.184.215.14')) ?? '',
    /exposed on the network, so guests reach only what PLAYGROUND_HTTP_ALLOW lists/,
  );
  assert.equal(egressRefusal(exposed, at('10.0.0.1')), undefined);
  assert.throws(
    () => egressRefusal(egressPolicy(securityConfig({ PLAYGROUND_HTTP_ALLOW: 'bad/8' })), at('1.1.1.1')),
    /neither a CIDR nor a host name/,
  );
});
