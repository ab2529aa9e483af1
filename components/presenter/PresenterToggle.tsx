'use client';

import { setPresenter, usePresenter } from './usePresenter';

/** The nav bar's switch for presenter mode. */
export function PresenterToggle() {
  const on = usePresenter();
  return (
    <button
      type="button"
      data-testid="presenter-toggle"
      aria-pressed={on}
      onClick={() => setPresenter(!on)}
      title={on ? 'Leave presenter mode' : 'Presenter mode: larger type, a taller debugger, a slowed replay'}
      className={`rounded-md px-2 py-1 text-xs font-medium ${
        on ? 'bg-indigo-600 text-white hover:bg-indigo-500' : 'text-zinc-600 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800'
      }`}
    >
      Presenter
    </button>
  );
}
