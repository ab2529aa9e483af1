// Runs componentize-qjs in a child process (qjs-child.mjs), one per build: Wizer
// runs the guest's top level during the build, in native code that no thread of
// ours could stop, and a top level that never ends would keep a core busy for
// good. The child is killed when its build outlives config.buildTimeoutMs.
// (Children kept warm between builds were tried: they saved little, held
// ~150 MB each while idle, and one that died idle could take the runtime down.)

import { config, TIMER_MAX_MS } from '../config';
import { forkTool } from './tool-child';
import { UserError } from './errors';

type Outcome = { bytes: Uint8Array } | { error: UserError };

/** What napi-rs reports for a Rust panic in componentize-qjs; the panic's own message went to the child's stderr. */
const PANIC = 'Panic in async function';

/** The panic's message, from the child's stderr, said for the person who wrote the component. */
export function panicMessage(stderr: string): string {
  const m = /panicked at [^\n]*\n(?:called `Result::unwrap\(\)` on an `Err` value: )?([^\n]+)/.exec(stderr);
  const why = m?.[1]?.trim();
  if (!why) return 'componentize-qjs panicked during the build';
  // Wizer copies the guest's memory out after the top level ran: past what it copies at once, this.
  if (/too much data is being copied between the host and the guest/.test(why))
    return `the component's top level left more in memory than the build can snapshot (${why}): make large data when a function first needs it, not at the top level`;
  return `componentize-qjs panicked during the build: ${why}`;
}

/** The component componentize-qjs builds from `jsSource` against the WIT folder `witPath`. */
export function componentizeInChild(
  witPath: string,
  jsSource: string,
  world: string | undefined,
  buildError: (message: string) => UserError,
): Promise<Uint8Array> {
  const limitMs = Math.min(config.buildTimeoutMs, TIMER_MAX_MS);
  const child = forkTool('qjs-child.mjs');
  let stderr = '';
  const onStderr = (d: Buffer) => {
    if (stderr.length < 4096) stderr += d.toString();
  };
  child.stderr?.on('data', onStderr);
  return new Promise<Uint8Array>((resolve, reject) => {
    let outcome: Outcome | undefined;
    const settle = (o: Outcome) => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      child.off('error', onError);
      child.stderr?.off('data', onStderr);
      if ('bytes' in o) resolve(o.bytes);
      else reject(o.error);
    };
    const timer = setTimeout(() => {
      outcome = {
        error: new UserError(
          `the build did not finish within ${limitMs / 1000} s: the component's top level runs during the build; does it end? (the limit is PLAYGROUND_BUILD_TIMEOUT_MS)`,
          400,
        ),
      };
      child.kill('SIGKILL'); // settled on its exit: nothing of the build outlives it
    }, limitMs);
    let panicked = false;
    const onMessage = (m: { component?: Uint8Array; error?: string }) => {
      if (outcome) return;
      // A panic's message is on stderr, which may still be arriving: said once the child has exited.
      if (m.error === PANIC) panicked = true;
      else settle(m.component ? { bytes: m.component } : { error: buildError(m.error ?? 'no component') });
      if (child.connected) child.disconnect(); // it exits on disconnect
    };
    const failed = (code: number | null, signal: string | null): Outcome => ({
      error: buildError(/panicked at/.test(stderr) ? panicMessage(stderr) : stderr.trim() || `the build process ended (${signal ?? code})`),
    });
    const onExit = (code: number | null, signal: string | null) => {
      const err = child.stderr;
      if (outcome || !panicked || !err || err.readableEnded) return settle(outcome ?? failed(code, signal));
      // A panic's message is written before the child exits, its tail may still be in the pipe ('close' does not
      // come after a disconnect here): read until the pipe ends, or 200 ms.
      const done = () => {
        clearTimeout(wait);
        err.off('end', done);
        settle(outcome ?? failed(code, signal));
      };
      const wait = setTimeout(done, 200);
      err.once('end', done);
    };
    // Not started, or its channel closed under a send: an exit may never follow.
    const onError = (e: Error) => {
      outcome ??= { error: new UserError(`build failed: ${e.message}`, 400) };
      child.kill('SIGKILL');
      settle(outcome);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
    child.on('error', onError);
    child.send({ witPath, jsSource, world });
  });
}
