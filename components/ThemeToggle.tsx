'use client';

import { useEffect, useState } from 'react';

/** Light/dark switch; the choice is saved, otherwise the system preference applies. */
export function ThemeToggle() {
  const [dark, setDark] = useState<boolean | null>(null);
  useEffect(() => setDark(document.documentElement.classList.contains('dark')), []);
  const toggle = () => {
    const root = document.documentElement;
    const next = !root.classList.contains('dark');
    // Colours switch at once: with their 150 ms transitions, buttons were caught half-way (light in dark mode).
    root.classList.add('theme-switching');
    root.classList.toggle('dark', next);
    void getComputedStyle(root).color;
    requestAnimationFrame(() => requestAnimationFrame(() => root.classList.remove('theme-switching')));
    try {
      localStorage.setItem('theme', next ? 'dark' : 'light');
    } catch {
      /* private mode */
    }
    setDark(next);
    window.dispatchEvent(new Event('themechange'));
  };
  return (
    <button
      type="button"
      onClick={toggle}
      data-testid="theme-toggle"
      aria-label={dark ? 'Switch to light mode' : 'Switch to dark mode'}
      title={dark ? 'Switch to light mode' : 'Switch to dark mode'}
      className="rounded-md p-1.5 text-zinc-600 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800"
    >
      {dark ? (
        <svg viewBox="0 0 20 20" fill="currentColor" className="h-4 w-4" aria-hidden>
          <path d="M10 2a1 1 0 0 1 1 1v1a1 1 0 1 1-2 0V3a1 1 0 0 1 1-1Zm4 8a4 4 0 1 1-8 0 4 4 0 0 1 8 0Zm-.46 4.95.7.71a1 1 0 0 0 1.42-1.41l-.71-.71a1 1 0 0 0-1.41 1.41ZM16 10a1 1 0 0 1 1-1h1a1 1 0 1 1 0 2h-1a1 1 0 0 1-1-1ZM5.05 6.46a1 1 0 0 0 1.41-1.41l-.7-.71a1 1 0 0 0-1.42 1.41l.71.71ZM3 9a1 1 0 1 1 0 2H2a1 1 0 1 1 0-2h1Zm1.34 5.66a1 1 0 0 0 1.42 1.41l.7-.7a1 1 0 0 0-1.41-1.42l-.71.71ZM10 16a1 1 0 0 1 1 1v1a1 1 0 1 1-2 0v-1a1 1 0 0 1 1-1Zm5.66-10.66a1 1 0 0 0-1.41-1.41l-.71.7a1 1 0 0 0 1.41 1.42l.71-.71Z" />
        </svg>
      ) : (
        <svg viewBox="0 0 20 20" fill="currentColor" className="h-4 w-4" aria-hidden>
          <path d="M17.29 13.29A8 8 0 0 1 6.71 2.71a8 8 0 1 0 10.58 10.58Z" />
        </svg>
      )}
    </button>
  );
}
