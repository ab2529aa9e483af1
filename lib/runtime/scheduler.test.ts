import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Scheduler } from './scheduler';

/** Resolves when `ok()` holds (checked every few ms); fails after `ms`. */
async function until(ok: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    assert.ok(Date.now() < end, `timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

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
  await until(() => s.size === 0, 'a and b to run');
  assert.deepEqual(ran, ['b', 'a@true']);
  // A cleared entry never runs: a later one, scheduled after the clear, runs and nothing before it.
  const d = Date.now() + 30;
  s.at('d', d, () => ran.push('d'));
  s.clear();
  assert.equal(s.size, 0);
  s.at('e', d + 20, () => ran.push('e'));
  await until(() => ran.includes('e'), 'e to run');
  assert.deepEqual(ran, ['b', 'a@true', 'e']);
});
