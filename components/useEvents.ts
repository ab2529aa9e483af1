'use client';
// Server-sent events as React hooks. EventSource reconnects by itself and
// sends Last-Event-ID, so a dropped connection resumes without gaps.

import { useEffect, useRef } from 'react';

export type SseHandlers = Record<string, (data: any) => void>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Opens `url` (when not null) and dispatches named events to the latest handlers. */
export function useEventSource(url: string | null, handlers: SseHandlers, onOpenChange?: (open: boolean) => void): void {
  const ref = useRef(handlers);
  ref.current = handlers;
  const openRef = useRef(onOpenChange);
  openRef.current = onOpenChange;
  const names = Object.keys(handlers).sort().join(',');
  useEffect(() => {
    if (!url) return;
    const es = new EventSource(url);
    for (const name of names.split(',').filter(Boolean)) {
      es.addEventListener(name, (ev) => {
        let data: unknown;
        try {
          data = JSON.parse((ev as MessageEvent).data);
        } catch {
          return;
        }
        ref.current[name]?.(data);
      });
    }
    es.onopen = () => openRef.current?.(true);
    es.onerror = () => openRef.current?.(false);
    return () => es.close();
  }, [url, names]);
}
