// Refreshes test/fixtures/golem-wit-signatures.json from a clone of
// golemcloud/golem: `node --import tsx scripts/golem-wit-signatures.ts <golem git dir>`.
// Records, per interface we ship, the digest of its signatures at the Golem
// revision pinned below (no WIT text is kept).

import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { witSignatures } from '../lib/wit/signature';

/** What we ship, and where Golem published it. */
const SOURCES = [
  {
    rev: '131f4e64a3',
    file: 'wit/deps/golem-1.x/golem-host.wit',
    interfaces: ['golem:api@1.1.7/host', 'golem:api@1.1.7/save-snapshot', 'golem:api@1.1.7/load-snapshot'],
  },
  { rev: '131f4e64a3', file: 'wit/deps/golem-rpc/wasm-rpc.wit', interfaces: ['golem:rpc@0.2.1/types'] },
  { rev: '131f4e64a3', file: 'wit/deps/golem-1.x/golem-context.wit', interfaces: ['golem:api@1.1.7/context'] },
  { rev: '131f4e64a3', file: 'wit/deps/golem-1.x/golem-oplog.wit', interfaces: ['golem:api@1.1.7/oplog'] },
  { rev: '131f4e64a3', file: 'wit/deps/golem-durability/golem-durability-1.2.wit', interfaces: ['golem:durability@1.2.1/durability'] },
  {
    rev: 'v1.4.2',
    file: 'wit/deps/golem-1.x/golem-host.wit',
    interfaces: ['golem:api@1.3.0/host', 'golem:api@1.3.0/save-snapshot', 'golem:api@1.3.0/load-snapshot'],
  },
  { rev: 'v1.4.2', file: 'wit/deps/golem-rpc/wasm-rpc.wit', interfaces: ['golem:rpc@0.2.2/types'] },
  { rev: 'v1.4.2', file: 'wit/deps/golem-1.x/golem-context.wit', interfaces: ['golem:api@1.3.0/context'] },
  { rev: 'v1.4.2', file: 'wit/deps/golem-1.x/golem-oplog.wit', interfaces: ['golem:api@1.3.0/oplog'] },
  { rev: 'v1.4.2', file: 'wit/deps/golem-durability/golem-durability.wit', interfaces: ['golem:durability@1.3.0/durability'] },
  {
    rev: 'v1.5.9',
    file: 'wit/deps/golem-1.x/golem-host.wit',
    interfaces: ['golem:api@1.5.0/host', 'golem:api@1.5.0/save-snapshot', 'golem:api@1.5.0/load-snapshot'],
  },
  { rev: 'v1.5.9', file: 'wit/deps/golem-core/golem-core.wit', interfaces: ['golem:core@1.5.0/types'] },
  { rev: 'v1.5.9', file: 'wit/deps/golem-1.x/golem-context.wit', interfaces: ['golem:api@1.5.0/context'] },
  { rev: 'v1.5.9', file: 'wit/deps/golem-1.x/golem-oplog.wit', interfaces: ['golem:api@1.5.0/oplog'] },
  { rev: 'v1.5.9', file: 'wit/deps/golem-1.x/golem-retry.wit', interfaces: ['golem:api@1.5.0/retry'] },
  { rev: 'v1.5.9', file: 'wit/deps/golem-durability/golem-durability.wit', interfaces: ['golem:durability@1.5.0/durability'] },
];

const gitDir = process.argv[2];
if (!gitDir) throw new Error('usage: golem-wit-signatures.ts <golem git dir>');
const out: Record<string, { source: string; items: number; digest: string }> = {};
for (const s of SOURCES) {
  const text = execFileSync('git', ['--git-dir', gitDir, 'show', `${s.rev}:${s.file}`], { encoding: 'utf8' });
  const commit = execFileSync('git', ['--git-dir', gitDir, 'rev-parse', `${s.rev}^{commit}`], { encoding: 'utf8' }).trim();
  for (const sig of witSignatures(text)) {
    if (s.interfaces.includes(sig.id))
      out[sig.id] = { source: `golemcloud/golem@${commit}:${s.file}`, items: sig.items.length, digest: sig.digest };
  }
}
const target = path.join(import.meta.dirname, '..', 'test', 'fixtures', 'golem-wit-signatures.json');
writeFileSync(target, JSON.stringify(out, null, 2) + '\n');
console.log(`wrote ${Object.keys(out).length} interfaces to ${target}`);
