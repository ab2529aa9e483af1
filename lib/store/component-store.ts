// The Component and ComponentVersion tables. ComponentRegistry (lib/components)
// decides what a version is; this file only reads and writes its rows.

import type { Database } from 'better-sqlite3';

export interface VersionRow {
  componentName: string;
  version: number;
  sourceKind: 'upload' | 'js' | 'wat';
  source: string | null;
  wit: string | null;
  world: string | null;
  exports: string;
  imports: string;
  size: number;
  buildMs: number;
  createdAt: string | number;
}

/** The newest version of a component, with how many versions and workers it has. */
export type SummaryRow = VersionRow & { versions: number; workers: number };

export class ComponentStore {
  constructor(private readonly db: Database) {}

  /** The number the next version of `name` gets (1 for a new component). */
  nextVersion(name: string): number {
    return this.db
      .prepare('SELECT COALESCE(MAX(version), 0) + 1 AS v FROM "ComponentVersion" WHERE componentName = ?')
      .pluck()
      .get(name) as number;
  }

  /** Adds a version, and its component on its first version, in one transaction (with `also`, when given). */
  insertVersion(row: Omit<VersionRow, 'createdAt'> & { createdAt: number }, also?: () => void): void {
    this.db.transaction(() => {
      this.db.prepare('INSERT OR IGNORE INTO "Component" (name, createdAt) VALUES (?, ?)').run(row.componentName, row.createdAt);
      this.db
        .prepare(
          `INSERT INTO "ComponentVersion" (componentName, version, sourceKind, source, wit, world, exports, imports, size, buildMs, createdAt)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          row.componentName,
          row.version,
          row.sourceKind,
          row.source,
          row.wit,
          row.world,
          row.exports,
          row.imports,
          row.size,
          row.buildMs,
          row.createdAt,
        );
      also?.();
    })();
  }

  summaries(): SummaryRow[] {
    return this.db
      .prepare(
        `SELECT v.*, (SELECT COUNT(*) FROM "ComponentVersion" c WHERE c.componentName = v.componentName) AS versions,
         (SELECT COUNT(*) FROM "Worker" w WHERE w.componentName = v.componentName) AS workers
       FROM "ComponentVersion" v
       WHERE v.version = (SELECT MAX(version) FROM "ComponentVersion" x WHERE x.componentName = v.componentName)
       ORDER BY v.componentName`,
      )
      .all() as SummaryRow[];
  }

  versions(name: string): VersionRow[] {
    return this.db.prepare('SELECT * FROM "ComponentVersion" WHERE componentName = ? ORDER BY version').all(name) as VersionRow[];
  }

  /** One version, or the newest when `version` is undefined. */
  version(name: string, version?: number): VersionRow | undefined {
    return (
      version === undefined
        ? this.db.prepare('SELECT * FROM "ComponentVersion" WHERE componentName = ? ORDER BY version DESC LIMIT 1').get(name)
        : this.db.prepare('SELECT * FROM "ComponentVersion" WHERE componentName = ? AND version = ?').get(name, version)
    ) as VersionRow | undefined;
  }

  /** Copies one version's row, every column as it is, from another database (the checker's copy). */
  copyVersionFrom(from: ComponentStore, name: string, version: number): boolean {
    const row = from.db.prepare('SELECT * FROM "ComponentVersion" WHERE componentName = ? AND version = ?').get(name, version) as
      Record<string, unknown> | undefined;
    if (!row) return false;
    const cols = Object.keys(row);
    this.db.transaction(() => {
      this.db.prepare('INSERT OR IGNORE INTO "Component" (name, createdAt) VALUES (?, ?)').run(name, Date.now());
      this.db
        .prepare(`INSERT INTO "ComponentVersion" (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`)
        .run(...cols.map((c) => row[c]));
    })();
    return true;
  }

  delete(name: string): void {
    this.db.prepare('DELETE FROM "ComponentVersion" WHERE componentName = ?').run(name);
    this.db.prepare('DELETE FROM "Component" WHERE name = ?').run(name);
  }
}
