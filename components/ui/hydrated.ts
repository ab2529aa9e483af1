'use client';

import { useSyncExternalStore } from 'react';

const never = () => () => {};

/** False in the server render and while the browser hydrates it, true after (and at once on a client-side navigation). */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    never,
    () => true,
    () => false,
  );
}

/** The element's height, kept up to date (0 until it is laid out). */
export function observeHeight(el: HTMLElement, set: (h: number) => void): () => void {
  set(el.clientHeight);
  const ro = new ResizeObserver(() => set(el.clientHeight));
  ro.observe(el);
  return () => ro.disconnect();
}
