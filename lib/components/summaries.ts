// Components as listed (GET /api/components): each one's newest version, read
// from its rows alone, so the server's pages can list them without the
// runtime (the /checks form is drawn in its final layout on a cold start).

import type { ComponentStore } from '../store/component-store';
import type { ComponentSummary } from './registry';

/** A row's time (SQLite gives a number or a string) as ISO 8601. */
export function iso(v: string | number): string {
  return new Date(typeof v === 'number' ? v : Number.isNaN(Number(v)) ? v : Number(v)).toISOString();
}

export function componentSummaries(rows: ComponentStore): ComponentSummary[] {
  return rows.summaries().map((r) => ({
    name: r.componentName,
    latestVersion: r.version,
    versions: r.versions,
    sourceKind: r.sourceKind,
    exports: JSON.parse(r.exports),
    createdAt: iso(r.createdAt),
    workers: r.workers,
  }));
}
