import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Scheduler } from './scheduler';

test('scheduler: runs at the time, a key is replaced or cancelled, clear stops everything', async () => {
  const s = new Scheduler();
  const ran: string[] = [];
  const start = Date.now();
  s.at('a', start + 60, () => ran.push(`a@${Date.now() - start >= 55}`));
  s.at('b', start + 20, () => ran.push('b-old'));
  s.at('b', start + 30, () => ran.push('b'));
  s.at('c', start + 40, () => ran.push('c'));
  s.cancel('c');
  s.at('x1', start + 10_000, () => ran.push('x1'));
  s.at('x2', start + 10_000, () => ran.push('x2'));
  s.cancelWhere((k) => k.startsWith('x'));
  assert.equal(s.size, 2);
  await new Promise((r) => setTimeout(r, 120));
  assert.deepEqual(ran, ['b', 'a@true']);
  assert.equal(s.size, 0);
  s.at('d', Date.now() + 50, () => ran.push('d'));
  s.clear();
  await new Promise((r) => setTimeout(r, 80));
  assert.deepEqual(ran, ['b', 'a@true']);
});
