// For the query-plan tests under lib/store: record the statements a store really
// runs, then ask SQLite how it plans each one with the parameters it ran with.

import type { Database, Statement } from 'better-sqlite3';

export interface PlannedQuery {
  sql: string;
  /** The statement with its white space folded, for messages. */
  oneLine: string;
  /** EXPLAIN QUERY PLAN's rows, one detail each. */
  plan: string[];
  /** The plan's details joined with ' | '. */
  text: string;
}

/**
 * Wraps `db.prepare` so that every run of a statement whose SQL matches `match`
 * is recorded; `plans()` gives each distinct statement's plan, for the
 * parameters of its first run; `show` prints them (the tests pass SHOW_PLANS=1).
 */
export function recordQueries(db: Database, match: RegExp, show = false): { plans(): PlannedQuery[] } {
  const runs: { sql: string; params: unknown[] }[] = [];
  const prepare = db.prepare.bind(db);
  db.prepare = ((sql: string) => {
    const stmt = prepare(sql) as Statement;
    if (!match.test(sql)) return stmt;
    const proxy: Statement = new Proxy(stmt, {
      get(target, prop) {
        const v = Reflect.get(target, prop, target);
        if (typeof v !== 'function') return v;
        // The chaining modifiers hand back the proxy, so later runs are still recorded.
        if (prop === 'pluck' || prop === 'raw' || prop === 'expand' || prop === 'safeIntegers') {
          return (...a: unknown[]) => (v.apply(target, a), proxy);
        }
        if (prop === 'run' || prop === 'get' || prop === 'all' || prop === 'iterate') {
          return (...params: unknown[]) => {
            runs.push({ sql, params });
            return v.apply(target, params);
          };
        }
        return v.bind(target);
      },
    });
    return proxy;
  }) as Database['prepare'];
  return {
    plans() {
      const seen = new Map<string, unknown[]>();
      for (const r of runs) if (!seen.has(r.sql)) seen.set(r.sql, r.params);
      return [...seen].map(([sql, params]) => {
        const plan = (prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail);
        const text = plan.join(' | ');
        const oneLine = sql.replace(/\s+/g, ' ');
        if (show) console.log(oneLine.slice(0, 160), '\n   ->', text);
        return { sql, oneLine, plan, text };
      });
    },
  };
}
