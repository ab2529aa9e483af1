// jco's work in a process of its own (lib/components/jco-run.ts starts it and
// keeps it a few seconds between jobs): transpiling a component, and making
// one from WAT. jco's tools are WebAssembly: run on the runtime's main thread
// they held that thread, and every worker's host calls with it, for ~1 s at a
// process's first transpile (V8 compiling the bindings generator) and ~0.25 s
// at each next one. Here they run beside it, under --liftoff-only: V8's
// baseline compiler alone, which cut a first transpile's CPU to a third.
// Plain JavaScript, like qjs-child.mjs.
// In: an IPC message per job, { job: 'transpile', bytes, options } or
// { job: 'wat', wat, witSource, world }. Out: { value } or { error, stage, trapped }.

process.on('disconnect', () => process.exit(0));

async function run(jco, job) {
  if (job.job === 'transpile') {
    const out = await jco.transpile(job.bytes, job.options);
    return Array.isArray(out.files) ? out.files : Object.entries(out.files);
  }
  let core;
  try {
    core = await jco.parse(job.wat);
  } catch (e) {
    throw Object.assign(e instanceof Error ? e : new Error(String(e)), { stage: 'parse' });
  }
  const embedded = await jco.componentEmbed({ binary: core, witSource: job.witSource, world: job.world });
  return jco.componentNew(embedded, undefined);
}

process.on('message', async (job) => {
  let reply;
  try {
    reply = { value: await run(await import('@bytecodealliance/jco'), job) };
  } catch (e) {
    reply = {
      error: String(e instanceof Error ? e.message : e),
      stage: e?.stage ?? job.job,
      // A trap (a panic in jco's Rust) may leave its instance broken: this process is not used again.
      trapped: e instanceof WebAssembly.RuntimeError,
    };
  }
  process.send(reply);
});
