// A short list of invocations by oplog index and call, as the revert forms
// preview what they drop.

import { callText, type InvokedEntry } from './history';

export function InvocationList({ invocations, className }: { invocations: readonly InvokedEntry[]; className: string }) {
  return (
    <ul className={`overflow-auto rounded border border-zinc-200 font-mono text-[11px] dark:border-zinc-800 ${className}`}>
      {invocations.map((e) => (
        <li key={e.index} className="flex gap-2 border-b border-zinc-100 px-2 py-0.5 last:border-0 dark:border-zinc-800">
          <span className="w-10 shrink-0 text-right tabular text-zinc-400">#{e.index}</span>
          <span className="truncate">{callText(e)}</span>
        </li>
      ))}
    </ul>
  );
}
