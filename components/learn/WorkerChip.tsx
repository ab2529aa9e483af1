// The lesson's worker at the end of its button row: its name and status.

import type { WorkerStatus } from '@/lib/runtime/types';
import { StatusBadge } from '../ui/ui';

export function WorkerChip({ name, status }: { name: string | null; status: WorkerStatus | null }) {
  return (
    <span className="ml-auto flex items-center gap-2 text-xs text-zinc-500">
      {name && (
        <span className="font-mono" data-testid="worker-name">
          {name}
        </span>
      )}
      {status && <StatusBadge status={status} />}
    </span>
  );
}
