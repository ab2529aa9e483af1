// Whether the compact view is open, kept in the browser: in localStorage (as
// before) and in a cookie the worker page's server render reads, so the view
// is in its place in the first HTML and nothing moves when the scripts start.

export const COMPACT_KEY = 'compact-view';
export const COMPACT_COOKIE = 'compact-view';

export function rememberCompact(on: boolean): void {
  try {
    localStorage.setItem(COMPACT_KEY, on ? '1' : '0');
  } catch {
    /* private mode */
  }
  document.cookie = `${COMPACT_COOKIE}=${on ? '1' : '0'}; path=/; max-age=31536000; samesite=lax`;
}

/** What localStorage says (null: nothing kept). */
export function storedCompact(): boolean | null {
  try {
    const v = localStorage.getItem(COMPACT_KEY);
    return v === null ? null : v === '1';
  } catch {
    return null;
  }
}
