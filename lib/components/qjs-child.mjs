// One componentize-qjs build in a process of its own (lib/components/build.ts
// starts it). Wizer runs the guest's top level during the build, in native
// code that nothing in the calling process could interrupt; a process can be
// killed at the build's time limit. Plain JavaScript: it runs beside the
// bundled runtime and under the tests alike, with no build step.
// In: one IPC message { witPath, jsSource, world }. Out: { component } or { error }.

// The parent gone (killed, crashed), the build has no one to give its bytes to.
process.on('disconnect', () => process.exit(1));

process.once('message', async (job) => {
  let reply;
  try {
    const { componentize } = await import('componentize-qjs');
    const { component } = await componentize({ witPath: job.witPath, jsSource: job.jsSource, world: job.world, sync: true });
    reply = { component: new Uint8Array(component) };
  } catch (e) {
    reply = { error: String(e instanceof Error ? e.message : e) };
  }
  process.send(reply, () => process.exit(0));
});
