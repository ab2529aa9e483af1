// The list pages' table: a header row of column names, one row per item,
// the same paddings and hover everywhere.

import type { ReactNode } from 'react';
import { Spinner } from './ui';

export interface Column<T> {
  header: ReactNode;
  /** Numbers line up on the right. */
  right?: boolean;
  /** Extra classes of the column's cells. */
  className?: string;
  cell: (row: T) => ReactNode;
}

export function DataTable<T>({
  testId,
  columns,
  rows,
  rowKey,
  rowTestId,
  rowClassName = '',
}: {
  testId: string;
  columns: Column<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string;
  rowTestId: (row: T) => string;
  rowClassName?: string;
}) {
  return (
    <table className="w-full text-left text-sm" data-testid={testId}>
      <thead className="border-b border-zinc-200 text-xs uppercase tracking-wide text-zinc-500 dark:border-zinc-800">
        <tr>
          {columns.map((c, i) => (
            <th key={i} className={`px-4 py-2 font-medium ${c.right ? 'text-right' : ''}`}>
              {c.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
        {rows.map((r) => (
          <tr key={rowKey(r)} data-testid={rowTestId(r)} className={`${rowClassName}hover:bg-zinc-50 dark:hover:bg-zinc-800/40`}>
            {columns.map((c, i) => (
              <td key={i} className={`px-4 py-2.5 ${c.right ? 'text-right ' : ''}${c.className ?? ''}`}>
                {c.cell(r)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** "Loading…" with a spinner, in place of a table not read yet. */
export function LoadingRow() {
  return (
    <div className="flex items-center gap-2 p-6 text-sm text-zinc-500">
      <Spinner /> Loading…
    </div>
  );
}
