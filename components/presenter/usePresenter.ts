'use client';
// Presenter mode, for a teacher in front of a room: larger type, a taller
// debugger, a slowed replay. The choice is kept in the browser (localStorage)
// and applied as a `presenter` class on <html> before the first paint (see
// app/layout.tsx), so nothing jumps when a page loads.

import { useEffect, useState } from 'react';

import { PRESENTER_KEY as KEY } from './script';

const EVENT = 'presenterchange';

export function setPresenter(on: boolean): void {
  document.documentElement.classList.toggle('presenter', on);
  try {
    localStorage.setItem(KEY, on ? '1' : '0');
  } catch {
    /* private mode: the class still applies to this page */
  }
  window.dispatchEvent(new Event(EVENT));
}

/** Whether presenter mode is on (false until mounted). */
export function usePresenter(): boolean {
  const [on, setOn] = useState(false);
  useEffect(() => {
    const read = () => setOn(document.documentElement.classList.contains('presenter'));
    read();
    window.addEventListener(EVENT, read);
    return () => window.removeEventListener(EVENT, read);
  }, []);
  return on;
}
