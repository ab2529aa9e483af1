// golem:api/oplog@1.5.0 for guests: read any worker's oplog (get-oplog, from an
// index, a page per get-next) or search it (search-oplog: entries whose
// content holds the text, with their indices). One public-oplog-entry per
// entry, so positions are indices. Each page is one recorded read-remote call:
// replay answers it from this worker's oplog, however the other log grew.
// How an entry looks in each version: lib/host/golem-oplog-entries.ts.

import type { OplogEntry } from '../oplog/entry';
import type { HostContext } from './context';
import { publicEntry } from './golem-oplog-entries';
import type { AgentId } from './golem-v13';

/** get-next's page size. */
export const OPLOG_PAGE = 100;

/** What the runtime answers for a page: the entries and the component version in effect before the first. */
export interface OplogPage {
  entries: OplogEntry[];
  version: number;
}

/** One version of the interface: its import key, how its ids name a worker, and how an entry looks in it. */
export interface OplogFlavor<Id> {
  key: string;
  /** The component's uuid and the worker's name in this version's id. */
  parts(id: Id): { uuid: { highBits: bigint; lowBits: bigint }; name: string };
  entry(e: OplogEntry, id: Id, workerId: string, version: number): unknown;
}

/** get-oplog and search-oplog over any version's entries (Golem keeps them alike from 1.1.7 to 1.5.0). */
export function oplogResources<Id>(ctx: HostContext, flavor: OplogFlavor<Id>) {
  const workerOf = (id: Id) => {
    const { uuid, name } = flavor.parts(id);
    return `${ctx.runtime({ op: 'component-of-uuid', uuid: [Number(uuid.highBits), Number(uuid.lowBits)] }) as string}/${name}`;
  };
  const entries = (p: OplogPage, id: Id, worker: string) => {
    let version = p.version;
    return p.entries.map((e) => {
      if (e.kind === 'create') version = e.componentVersion;
      if (e.kind === 'successful-update') version = e.targetVersion;
      return [e.index, flavor.entry(e, id, worker, version)] as const;
    });
  };

  class GetOplog {
    private next: number;
    constructor(
      private readonly id: Id,
      start: bigint,
    ) {
      this.next = Math.max(1, Number(start));
    }
    getNext() {
      const from = this.next;
      const page = ctx.durable('golem:api/oplog.get-oplog.get-next', 'read-remote', { id: this.id, from }, () => {
        const worker = workerOf(this.id);
        const p = ctx.runtime({ op: 'read-oplog', worker, from, limit: OPLOG_PAGE }) as OplogPage;
        return p.entries.length === 0 ? undefined : entries(p, this.id, worker).map(([, e]) => e);
      });
      if (page) this.next = from + page.length;
      return page;
    }
  }

  class SearchOplog {
    private next = 1;
    constructor(
      private readonly id: Id,
      private readonly text: string,
    ) {}
    getNext() {
      const from = this.next;
      const page = ctx.durable('golem:api/oplog.search-oplog.get-next', 'read-remote', { id: this.id, text: this.text, from }, () => {
        const worker = workerOf(this.id);
        const p = ctx.runtime({ op: 'read-oplog', worker, from, limit: OPLOG_PAGE, text: this.text }) as OplogPage;
        return p.entries.length === 0 ? undefined : entries(p, this.id, worker).map(([i, e]) => [BigInt(i), e] as const);
      });
      if (page) this.next = Number(page[page.length - 1]![0]) + 1;
      return page;
    }
  }

  return { [flavor.key]: { GetOplog, SearchOplog } };
}

export function golemOplogImports(ctx: HostContext) {
  return oplogResources<AgentId>(ctx, {
    key: 'golem:api/oplog@1.5.0',
    parts: (a) => ({ uuid: a.componentId.uuid, name: a.agentId }),
    entry: (e, id, worker, version) => publicEntry('1.5.0', e, id, worker, version),
  });
}
