// Which React components render, and how often, while a bench runs: a stand-in
// for the DevTools hook React looks for at start-up, which hears every commit.
// A component rendered in a commit when it mounted or React ran its function
// (the PerformedWork flag); a subtree whose children were not cloned did not
// render at all and is skipped. Counts do not depend on the machine's load.
// Names need a build that keeps them: `npx next build --no-mangling`.

import type { Page } from '@playwright/test';

declare global {
  interface Window {
    __renders: { on: boolean; commits: number; byName: Record<string, number> };
  }
}

/** Before the app's scripts (addInitScript). */
export function rendersProbe() {
  type Fiber = { type: unknown; flags: number; child: Fiber | null; sibling: Fiber | null; alternate: Fiber | null };
  const state = (window.__renders = { on: false, commits: 0, byName: {} as Record<string, number> });
  const nameOf = (t: unknown): string | undefined => {
    if (typeof t === 'function') return (t as { displayName?: string }).displayName ?? t.name;
    if (t && typeof t === 'object') {
      const o = t as { type?: unknown; render?: unknown };
      return nameOf(o.type ?? o.render);
    }
  };
  const walk = (f: Fiber | null) => {
    for (; f; f = f.sibling) {
      const rendered = !f.alternate || (f.flags & 1) === 1;
      const name = rendered ? nameOf(f.type) : undefined;
      if (name) state.byName[name] = (state.byName[name] ?? 0) + 1;
      if (!f.alternate || f.child !== f.alternate.child) walk(f.child);
    }
  };
  (window as unknown as { __REACT_DEVTOOLS_GLOBAL_HOOK__: object }).__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
    supportsFiber: true,
    renderers: new Map(),
    inject: () => 1,
    checkDCE: () => {},
    onScheduleFiberRoot: () => {},
    onCommitFiberUnmount: () => {},
    onPostCommitFiberRoot: () => {},
    onCommitFiberRoot: (_id: number, root: { current: Fiber }) => {
      if (!state.on) return;
      state.commits++;
      walk(root.current.child);
    },
  };
}

export const startRenders = (page: Page) =>
  page.evaluate(() => {
    window.__renders.on = true;
    window.__renders.commits = 0;
    window.__renders.byName = {};
  });

/** Stops counting; commits and renders per component, most first. */
export const stopRenders = (page: Page) =>
  page.evaluate(() => {
    window.__renders.on = false;
    return { commits: window.__renders.commits, byName: Object.entries(window.__renders.byName).sort((a, b) => b[1] - a[1]) };
  });
