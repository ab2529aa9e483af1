/**
 * Why a guest trapped, in words: a trap's own message is usually in what the
 * guest wrote to stderr during the invocation (a JS guest's exception, a Rust panic).
 */
export function trapReason(err: unknown, stderrTail: string): string {
  const trap = err instanceof Error ? err.message : String(err);
  const js = /message: Some\("((?:[^"\\]|\\.)*)"\)(?:, stack: Some\("\s*((?:[^"\\]|\\.)*)"\))?/.exec(stderrTail);
  if (js) return `guest trapped: uncaught exception: ${js[1]}${js[2] ? ` (${js[2].replace(/\\n/g, ' ').trim()})` : ''}`;
  const lines = stderrTail
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('note: run with'));
  return `guest trapped: ${trap}${lines.length > 0 ? ` — stderr: ${lines.slice(-3).join(' | ')}` : ''}`;
}
