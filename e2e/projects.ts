// Tests tagged WHOLE_RUNTIME crash the runtime or assert something about the
// whole server (its process, every component, per-client limits): they run
// one at a time on a server of their own (playwright.config.ts), so the other
// tests can share the first server, two at a time, without disturbing them.
export const WHOLE_RUNTIME = '@whole-runtime';
