'use client';
// The worker page's right-hand column: the entry list with the compact view
// beside it, and the console under them, all fed by one LiveEntries.

import { memo } from 'react';
import { Timeline, type TimelineProps } from '../timeline/Timeline';
import { CompactPanel } from '../timeline/compact/CompactPanel';
import type { LiveEntries } from '../timeline/live';
import { Console } from './Console';

// The live views subscribe to the entries themselves: the page rendering again (a status, a refetch) leaves them be.
const LiveTimeline = memo(Timeline);
const LiveCompactPanel = memo(CompactPanel);
const LiveConsole = memo(Console);

interface Props {
  component: string;
  name: string;
  live: LiveEntries;
  /**
   * What the entry list alone takes: the newest page (rendered on the server), whether older entries exist, the mark
   * after a row, and the recovery note in its toolbar.
   */
  timeline: Required<Pick<TimelineProps, 'initial' | 'initialHasOlder' | 'rowMark' | 'status'>>;
  compactOpen: boolean;
  onCompactOpen: (on: boolean) => void;
}

export function LiveHistory({ component, name, live, timeline, compactOpen, onCompactOpen }: Props) {
  return (
    <div className="relative flex min-h-0 flex-col gap-3">
      {/* Contained (and clipped), yet a flex item is never a relayout boundary (ui/relayout.ts): the views inside are
          the boundaries (Timeline, CompactHistory). */}
      <section className="flex min-h-0 flex-1 overflow-hidden rounded-lg border border-zinc-200 bg-white [contain:strict] dark:border-zinc-800 dark:bg-zinc-900">
        <div className="min-w-0 flex-1">
          <LiveTimeline {...timeline} component={component} name={name} live={live} narrowDetail={compactOpen} />
        </div>
        <LiveCompactPanel component={component} name={name} live={live} open={compactOpen} onOpen={onCompactOpen} />
      </section>
      <section className="flex h-36 shrink-0 flex-col overflow-hidden rounded-lg border border-zinc-200 [contain:strict] dark:border-zinc-800">
        <h2 className="border-b border-zinc-800 bg-zinc-900 px-3 py-1.5 text-xs font-semibold text-zinc-300">Console · stdout / stderr</h2>
        <div className="min-h-0 flex-1">
          <LiveConsole component={component} name={name} live={live} />
        </div>
      </section>
    </div>
  );
}
