'use client';
// A slowed replay for a room to follow: steps the debugger one entry at a time,
// pausing between steps, so each row lights up as it is replayed (ReplayList
// highlights the current entry and keeps it in view). Stops at the end, on an
// error, or when paused.

import { useEffect, useRef, useState } from 'react';
import { Button } from '../ui/ui';
import { usePresenter } from './usePresenter';

/** Pause between two steps: slower in presenter mode, for a room. */
const PAUSE_MS = { normal: 350, presenter: 700 };

interface Props {
  /** Replays the next entry; resolves once the debugger answered. */
  step: () => Promise<unknown>;
  ended: boolean;
  disabled: boolean;
}

export function SlowReplay({ step, ended, disabled }: Props) {
  const presenter = usePresenter();
  const [playing, setPlaying] = useState(false);
  const live = useRef({ ended, playing, pause: PAUSE_MS.normal });
  live.current = { ended, playing, pause: presenter ? PAUSE_MS.presenter : PAUSE_MS.normal };

  useEffect(() => {
    if (!playing) return;
    let stop = false;
    void (async () => {
      while (!stop && live.current.playing && !live.current.ended) {
        await step();
        await new Promise((r) => setTimeout(r, live.current.pause));
      }
      if (!stop) setPlaying(false);
    })();
    return () => {
      stop = true;
    };
  }, [playing, step]);

  useEffect(() => {
    if (ended) setPlaying(false);
  }, [ended]);

  return (
    <Button
      data-testid="slow-replay"
      aria-pressed={playing}
      disabled={!playing && (disabled || ended)}
      onClick={() => setPlaying(!playing)}
      title={
        ended
          ? 'The replay ended: restart to play it again'
          : playing
            ? 'Pause the slowed replay'
            : `Replay one entry at a time, ${presenter ? PAUSE_MS.presenter : PAUSE_MS.normal} ms apart, so a room can follow it`
      }
    >
      {playing ? '❚❚ Pause' : '▶ Play slowly'}
    </Button>
  );
}
