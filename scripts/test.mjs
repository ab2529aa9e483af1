// npm test: everything CI checks (.ci/run), with steps that do not need each
// other overlapping on the machine's cores instead of running one by one:
//   1. the runtime bundle, all the tests need;
//   2. the engine tests, one file at a time (TEST_CONCURRENCY) at niceness 5
//      until the browser tests are done (TEST_NICE, then SIGUSR2) plus a
//      second lane at niceness 10 until then (TEST_IDLE_LANES, TEST_IDLE_NICE),
//      then three lanes at normal priority (their files wait half the time);
//      beside them the production build (`next build`, told the typecheck runs on its own:
//      PLAYGROUND_TYPECHECKED, see next.config.js) followed by the browser
//      tests (E2E_WORKERS at a time, see playwright.config.ts), which find that
//      build. The browser tests mostly wait (pages, polls, timers: ~0.35 of a
//      core) and have deadlines: at normal priority they get a core whenever
//      they want one, and the engine files soak up everything they leave idle.
//      One engine lane beside them left a core idle two thirds of the time;
//      two engine files at equal priority starved a long e2e test, and two
//      lanes with three browser tests went red on a CPU-bound check (load 18
//      on 2 cores). The second lane runs below the first lane and the browser
//      tests in priority, so the kernel hands it what they leave idle moment
//      by moment. (A third lane, also at niceness 10, was tried: on a machine
//      loaded by other work its short files with deadlines starved and failed
//      once, in both runs.) Lint, the formatting check (Prettier; guest
//      sources under examples/ and test/fixtures/ keep their own style) and
//      then the typecheck (`npm run typecheck`, once the build is done: the
//      build empties .next and writes the route types again) run beside them at niceness
//      10. The browser tests start ≈ 20 s earlier than when the typecheck came
//      first in their lane: it gates nothing they need, and their end lets the
//      engine files run at normal priority. A failed check is reported at the
//      end of the run, with the tests' results, and fails it.
// A step that fails fails the run; steps already started are let finish, steps
// that need it are skipped. Each line of a step's output is printed whole,
// prefixed with the step's name when steps run side by side.
// TEST_SERIAL=1 runs the steps one after the other (as `npm test` used to).

import { setPriority } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuMeter } from './child-cpu.mjs';
import { endChildrenOnSignals, limitSeconds, spawnBounded, whyEnded } from './bounded-child.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const serial = process.env.TEST_SERIAL === '1';
// Offline-friendly, as scripts/start.mjs: no telemetry calls from Next's commands.
process.env.NEXT_TELEMETRY_DISABLED ??= '1';
const started = performance.now();
const times = [];
const failed = [];
// CPU per step (Linux): read when each step ends, so steps side by side are told apart.
const cpuSince = cpuMeter();

// A CI log is read from its tail, and steps side by side bury a failure under
// minutes of other output: what each failed step said is repeated at the end.
const digests = [];
const MAX_DIGEST_LINES = 150;
/** The part of a failed step's output that says what failed. */
function digest(lines) {
  // The engine runner's own summary, or Playwright's list of failures with their errors.
  let from = lines.findIndex((l) => l.startsWith('# flaky files'));
  if (from < 0) from = lines.findIndex((l) => l.startsWith('# failed files:'));
  if (from < 0) from = lines.findIndex((l) => /^\s+1\) /.test(l));
  if (from < 0) from = Math.max(0, lines.length - 40);
  const part = lines.slice(from).filter((l) => l.trim() !== '');
  return part.length <= MAX_DIGEST_LINES
    ? part.join('\n')
    : [...part.slice(0, MAX_DIGEST_LINES - 20), `… ${part.length - MAX_DIGEST_LINES} lines …`, ...part.slice(-20)].join('\n');
}

// A step still running after TEST_STEP_TIMEOUT s (2,400; the longest takes ~7 minutes) is killed with what it
// started and fails, as is one whose processes outlive it (scripts/bounded-child.mjs): CI reports instead of running
// into its service's limit (the engine files and the browser tests have tighter limits of their own).
const stepTimeoutS = limitSeconds('TEST_STEP_TIMEOUT', 2400);
endChildrenOnSignals(5000);

/** Runs a command; resolves to whether it succeeded. */
function run(name, cmd, args, env = {}, onSpawn = () => {}, prefix = !serial) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const { child, ended } = spawnBounded(cmd, args, { cwd: root, env: { ...process.env, ...env } }, stepTimeoutS);
    onSpawn(child);
    const pipe = (from, to, keep) => {
      let rest = '';
      from.on('data', (chunk) => {
        const lines = (rest + chunk.toString('utf8')).split('\n');
        rest = lines.pop() ?? '';
        lines.forEach(keep);
        if (lines.length) to.write(lines.map((l) => (prefix ? `[${name}] ${l}` : l)).join('\n') + '\n');
      });
      from.on('end', () => {
        if (!rest) return;
        keep(rest);
        to.write(`${prefix ? `[${name}] ` : ''}${rest}\n`);
      });
    };
    // Kept to repeat what a failure said at the very end (digest below).
    const kept = [];
    const keep = (l) => kept.push(l);
    pipe(child.stdout, process.stdout, keep);
    pipe(child.stderr, process.stderr, keep);
    child.on('close', (code, signal) => {
      // Said in the step's own output too, so that the repeat of failures at the end carries it.
      const cut = ended();
      const why = whyEnded(cut, stepTimeoutS, 'TEST_STEP_TIMEOUT');
      if (why) {
        console.log(`# test: ${name}: ${why}`);
        kept.push(why);
      }
      const s = (performance.now() - t0) / 1000;
      const cpu = cpuSince();
      const cpuText = cpu === null ? '' : `, CPU ${cpu.toFixed(1)} s`;
      times.push(`${name} ${s.toFixed(1)} s${cpuText}`);
      const ok = code === 0 && !why;
      if (!ok) {
        failed.push(name);
        digests.push(`# ${name} failed:\n${digest(kept)}`);
      } else {
        // Tests that passed only on their retry (playwright.config.ts, TEST_RETRIES): said at the end too.
        const flaky = kept.findIndex((l) => /^\s+\d+ flaky$/.test(l) || l.startsWith('# flaky files'));
        if (flaky >= 0) digests.push(`# ${name} passed, with tests that failed once:\n${digest(kept)}`);
      }
      console.log(
        `# test: ${name} ${ok ? 'passed' : `FAILED (${cut === 'timeout' ? 'timed out' : cut === 'lingered' ? 'left processes running' : (signal ?? `exit ${code}`)})`} in ${s.toFixed(1)} s${cpuText}`,
      );
      resolve(ok);
    });
  });
}

const all = async (steps) =>
  serial ? steps.reduce(async (ok, step) => (await ok) && step(), true) : (await Promise.all(steps.map((s) => s()))).every(Boolean);
const npmRun = (script, env, onSpawn) => () => run(script, npm, ['run', '--silent', script], env, onSpawn);
const nextBin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
/** Niceness of lint, the formatting check and the typecheck beside the tests: they take what the engine files and the browser tests leave idle. */
const CHECKS_NICE = 10;
const lowPriority = (child) => {
  try {
    // npm has not started the tool yet (it boots first): the tool inherits this.
    if (child.pid !== undefined && process.platform !== 'win32') setPriority(child.pid, CHECKS_NICE);
  } catch {
    /* already gone: its close reports it */
  }
};

// Step 1 gates only what the tests need, the runtime bundle; the checks go beside the tests (step 2).
const checked = await all(
  serial ? [npmRun('typecheck'), npmRun('lint'), npmRun('format:check'), npmRun('build:runtime')] : [npmRun('build:runtime')],
);
if (checked) {
  // The runtime bundle is built (step 1): only Next's part of `npm run build` is left.
  const build = () => run('next-build', process.execPath, [nextBin, 'build'], { PLAYGROUND_TYPECHECKED: '1' });
  // Straight to node (not through npm), so that the signal below reaches it.
  let engineRunner;
  const engine = () =>
    run(
      'test:engine',
      process.execPath,
      [path.join(root, 'scripts', 'test-engine.mjs')],
      serial
        ? {}
        : {
            TEST_CONCURRENCY: process.env.TEST_CONCURRENCY ?? '1',
            TEST_IDLE_LANES: process.env.TEST_IDLE_LANES ?? '1',
            TEST_NICE: process.env.TEST_NICE ?? '5',
            TEST_RETRIES: process.env.TEST_RETRIES ?? '1',
          },
      (c) => (engineRunner = c),
    );
  /** Resolves when the production build has ended (built or not): the typecheck reads route types beside it. */
  let buildEnded = () => {};
  const built = new Promise((r) => (buildEnded = r));
  const browser = async () => {
    const ok = (await build().finally(buildEnded)) && (await npmRun('test:e2e')());
    buildEnded();
    // The browser tests are done: engine files start at normal priority from now on.
    if (engineRunner && engineRunner.exitCode === null && process.platform !== 'win32') engineRunner.kill('SIGUSR2');
    return ok;
  };
  // All run even when one fails: one run reports every broken rule.
  const checks = async () => {
    const linted = await npmRun('lint', {}, lowPriority)();
    const formatted = await npmRun('format:check', {}, lowPriority)();
    // After the build: `next build` empties .next, route types included (the typecheck makes them again).
    await built;
    const typechecked = await npmRun('typecheck', {}, lowPriority)();
    return linted && formatted && typechecked;
  };
  await all(serial ? [engine, browser] : [engine, browser, checks]);
}
if (digests.length) console.log(`\n# What failed (repeated from above, whole in the log):\n${digests.join('\n')}\n`);
console.log(
  `# test: ${failed.length ? `FAILED: ${failed.join(', ')}` : 'all passed'}; ${((performance.now() - started) / 1000).toFixed(1)} s (${times.join(', ')})`,
);
process.exit(failed.length || !checked ? 1 : 0);
