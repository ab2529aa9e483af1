// Refreshes test/fixtures/golem-wit-signatures.json from a clone of
// golemcloud/golem: `node --import tsx scripts/golem-wit-signatures.ts <golem git dir>`.
// Records, per interface we ship, the digest of its signatures at the Golem
// revision pinned below (no WIT text is kept).

import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { witSignatures } from '../lib/wit/signature';

/** What we ship, and where Golem published it: per pinned revision, each file and the interfaces we take from it. */
const SOURCES: Record<string, Record<string, string[]>> = {
  '131f4e64a3': {
    'wit/deps/golem-1.x/golem-host.wit': ['golem:api@1.1.7/host', 'golem:api@1.1.7/save-snapshot', 'golem:api@1.1.7/load-snapshot'],
    'wit/deps/golem-rpc/wasm-rpc.wit': ['golem:rpc@0.2.1/types'],
    'wit/deps/golem-1.x/golem-context.wit': ['golem:api@1.1.7/context'],
    'wit/deps/golem-1.x/golem-oplog.wit': ['golem:api@1.1.7/oplog'],
    'wit/deps/golem-durability/golem-durability-1.2.wit': ['golem:durability@1.2.1/durability'],
  },
  'v1.4.2': {
    'wit/deps/golem-1.x/golem-host.wit': ['golem:api@1.3.0/host', 'golem:api@1.3.0/save-snapshot', 'golem:api@1.3.0/load-snapshot'],
    'wit/deps/golem-rpc/wasm-rpc.wit': ['golem:rpc@0.2.2/types'],
    'wit/deps/golem-1.x/golem-context.wit': ['golem:api@1.3.0/context'],
    'wit/deps/golem-1.x/golem-oplog.wit': ['golem:api@1.3.0/oplog'],
    'wit/deps/golem-durability/golem-durability.wit': ['golem:durability@1.3.0/durability'],
  },
  'v1.5.9': {
    'wit/deps/golem-1.x/golem-host.wit': ['golem:api@1.5.0/host', 'golem:api@1.5.0/save-snapshot', 'golem:api@1.5.0/load-snapshot'],
    'wit/deps/golem-core/golem-core.wit': ['golem:core@1.5.0/types'],
    'wit/deps/golem-1.x/golem-context.wit': ['golem:api@1.5.0/context'],
    'wit/deps/golem-1.x/golem-oplog.wit': ['golem:api@1.5.0/oplog'],
    'wit/deps/golem-1.x/golem-retry.wit': ['golem:api@1.5.0/retry'],
    'wit/deps/golem-durability/golem-durability.wit': ['golem:durability@1.5.0/durability'],
  },
};

const gitDir = process.argv[2];
if (!gitDir) throw new Error('usage: golem-wit-signatures.ts <golem git dir>');
const out: Record<string, { source: string; items: number; digest: string }> = {};
for (const [rev, files] of Object.entries(SOURCES)) {
  const commit = execFileSync('git', ['--git-dir', gitDir, 'rev-parse', `${rev}^{commit}`], { encoding: 'utf8' }).trim();
  for (const [file, interfaces] of Object.entries(files)) {
    const text = execFileSync('git', ['--git-dir', gitDir, 'show', `${rev}:${file}`], { encoding: 'utf8' });
    for (const sig of witSignatures(text)) {
      if (interfaces.includes(sig.id))
        out[sig.id] = { source: `golemcloud/golem@${commit}:${file}`, items: sig.items.length, digest: sig.digest };
    }
  }
}
const target = path.join(import.meta.dirname, '..', 'test', 'fixtures', 'golem-wit-signatures.json');
writeFileSync(target, JSON.stringify(out, null, 2) + '\n');
console.log(`wrote ${Object.keys(out).length} interfaces to ${target}`);
