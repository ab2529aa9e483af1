// componentize-qjs builds in a process of its own (lib/components/qjs-run.ts
// starts it, and kills it at a build's time limit). Wizer runs the guest's top
// level during the build, in native code that nothing in the calling process
// could interrupt. Plain JavaScript: it runs beside the bundled runtime and
// under the tests alike, with no build step.
// In: one IPC message { witPath, jsSource, world }. Out: { component } or { error }.

// The parent gone (killed, crashed, done with it), no one waits for a build.
process.on('disconnect', () => process.exit(0));

process.on('message', async (job) => {
  let reply;
  try {
    const { componentize } = await import('componentize-qjs');
    const { component } = await componentize({ witPath: job.witPath, jsSource: job.jsSource, world: job.world, sync: true });
    reply = { component: new Uint8Array(component) };
  } catch (e) {
    reply = { error: String(e instanceof Error ? e.message : e) };
  }
  process.send(reply);
});
