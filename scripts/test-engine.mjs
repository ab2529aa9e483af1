// npm run test:engine: runs every lib/**/*.test.ts and test/**/*.test.ts with
// node:test + tsx, each file in its own process (its own database, data folder
// and runtime), two files at a time (TEST_CONCURRENCY=1 runs them one by one;
// SIGUSR2 adds a lane). TEST_NICE=n starts files at that niceness until
// SIGUSR2 (`npm test` uses 5 beside the browser tests, which wait on pages with
// deadlines: they get a core when they want one and the engine files take the
// rest). TEST_IDLE_LANES=n adds n lanes whose files start at a lower priority
// still (TEST_IDLE_NICE, default 10) until SIGUSR2: many files wait on timers,
// recoveries and other processes, and the kernel gives a core they and the
// browser tests leave idle to an idle lane's file instead of to nothing, from
// one moment to the next, while a busy moment goes to the others first.
// The longest files start first, so the run does not end on one long file
// alone: durations come from this machine's last run
// (node_modules/.cache/durable-playground/engine-test-times.json), else from
// scripts/engine-test-times.json (a measured run; `--write-times` refreshes it).
// Both hold each file's CPU seconds where they could be read (its wall time
// elsewhere): on a shared machine the wall time says more about the load.
// A file's output is printed when it ends, with its time.
// Built components are cached under node_modules/.cache unless
// PLAYGROUND_BUILD_CACHE says otherwise (see lib/components/build-cache.ts).
// Extra arguments are passed to node, e.g. `npm run test:engine -- --test-name-pattern=oplog`;
// arguments ending in .ts replace the file list.

import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { setPriority } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { cpuMeter } from './child-cpu.mjs';
import { endChildrenOnSignals, limitSeconds, spawnBounded, whyEnded } from './bounded-child.mjs';

// SIGUSR2 says the machine's cores are the engine's now (`npm test` sends it
// when the browser tests are done): files start at normal priority from then
// on, and one more lane opens. Engine files wait about half their time (timers,
// recoveries, other processes: a CI run's files used 401 CPU s in 779 s of
// their wall time), so two lanes left ~0.6 of two cores idle once the browser
// tests were done. Listened to first thing, so an early one is kept for when
// the lanes start, not fatal.
let moreLanes = 0;
let addLane = () => moreLanes++;
/** TEST_NICE=n: niceness of the files started before SIGUSR2. */
let nice = Number(process.env.TEST_NICE ?? 0) || 0;
/** TEST_IDLE_NICE=n: niceness of the idle lanes' files started before SIGUSR2. */
let idleNice = Number(process.env.TEST_IDLE_NICE ?? 10) || 0;
if (process.platform !== 'win32')
  process.on('SIGUSR2', () => {
    nice = 0;
    idleNice = 0;
    addLane();
  });

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const writeTimes = args.includes('--write-times');
let files = args.filter((a) => a.endsWith('.ts'));
const nodeArgs = args.filter((a) => !a.endsWith('.ts') && a !== '--write-times');
if (files.length === 0) {
  files = ['lib', 'test']
    .filter((dir) => existsSync(path.join(root, dir)))
    .flatMap((dir) =>
      readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.test.ts') && !f.split(path.sep).includes('node_modules'))
        .map((f) => path.join(dir, f)),
    )
    .sort();
}
if (files.length === 0) {
  console.error('test-engine: no test files found');
  process.exit(1);
}
const concurrency = Math.max(1, Number(process.env.TEST_CONCURRENCY ?? 2) || 1);
const idleLanes = Math.max(0, Number(process.env.TEST_IDLE_LANES ?? 0) || 0);

const env = { ...process.env };
env.PLAYGROUND_BUILD_CACHE ??= path.join(root, 'node_modules', '.cache', 'durable-playground', 'builds');
// A build is ~2 CPU s; a file niced beside busy lanes and the browser tests can get a few percent of a core, and a
// build starved that long is not a top level that never ends (the 60 s default). test/build-guards sets its own.
env.PLAYGROUND_BUILD_TIMEOUT_MS ??= '180000';

const SHIPPED_TIMES = path.join(root, 'scripts', 'engine-test-times.json');
const LOCAL_TIMES = path.join(root, 'node_modules', '.cache', 'durable-playground', 'engine-test-times.json');
const readTimes = (f) => {
  try {
    return JSON.parse(readFileSync(f, 'utf8'));
  } catch {
    return {};
  }
};
const key = (f) => path.relative(root, path.resolve(root, f)).split(path.sep).join('/');
const known = { ...readTimes(SHIPPED_TIMES), ...readTimes(LOCAL_TIMES) };
// A file never timed goes early: it may be long.
const estimate = (f) => known[key(f)] ?? 30;
const queue = [...files].sort((a, b) => estimate(b) - estimate(a));

// tsx in the test process only, not in its worker threads or runtime (scripts/tsx-loader.mjs).
const loader = pathToFileURL(path.join(root, 'scripts', 'tsx-loader.mjs')).href;
const started = performance.now();
const times = {};
const totals = { tests: 0, pass: 0, fail: 0, cancelled: 0, skipped: 0, todo: 0 };
const failed = [];
// Each failed file's failing tests and their errors, repeated at the end: a CI log is read from its tail.
const failures = [];
/** The `not ok` blocks of a file's TAP output, each cut to its first lines; the tail when there is none (the file died). */
function notOk(out) {
  const lines = out.split('\n');
  const picked = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^\s*not ok /.test(lines[i])) continue;
    // Subtests' parents repeat their child's failure: the innermost block says what broke.
    picked.push(...lines.slice(i, i + 16).filter((l) => !/^\s*(duration_ms|location|failureType|code|operator):/.test(l)));
  }
  return (picked.length ? picked.slice(0, 60) : lines.slice(-20)).map((l) => `#   ${l}`).join('\n');
}
// CPU per file (Linux): with two lanes, what a file costs beside what it waited.
const cpuSince = cpuMeter();
const cpuTimes = {};
/** What the times files keep: CPU seconds, else wall seconds. */
const costs = {};

// TEST_FILE_TIMEOUT=s (default 420): a file still running after s seconds of wall time is killed with everything
// it started, and fails (a retry runs it again), as is one whose processes outlive it (scripts/bounded-child.mjs).
// node:test waits for a test that never ends forever, and one did in CI: the whole run then ended at the service's
// limit with no word on which file. The longest file takes ~80 s here.
const fileTimeoutS = limitSeconds('TEST_FILE_TIMEOUT', 420);
endChildrenOnSignals(2000);

/** What a file that never ended had reported: its last test, and whether node:test timed it out. */
function lastReported(out) {
  const m = [...out.matchAll(/^(not )?ok \d+ - (.*)$/gm)].at(-1);
  if (!m) return 'no test had ended';
  const timedOut = m[1] !== undefined && /timed out after/.test(out.slice(m.index, m.index + 2000));
  return timedOut
    ? `the last test reported, "${m[2]}", timed out, and what it left running (a loop, an engine) kept the process alive`
    : `the last test reported was "${m[2]}": the next one never ended, or what the tests left running kept the process alive`;
}

/** Runs one file at niceness `niceness`; a retry (`again`) counts in no total and is judged by the caller. Resolves to whether it passed. */
function runFile(file, again = false, niceness = nice) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const { child, ended } = spawnBounded(process.execPath, ['--import', loader, ...nodeArgs, file], { cwd: root, env }, fileTimeoutS);
    // Set before the file starts its runtime and threads, which inherit it.
    if (niceness > 0 && child.pid !== undefined) {
      try {
        setPriority(child.pid, niceness);
      } catch {
        /* already gone: its close reports it */
      }
    }
    const chunks = [];
    child.stdout.on('data', (c) => chunks.push(c));
    child.stderr.on('data', (c) => chunks.push(c));
    child.on('close', (code, signal) => {
      const cut = ended();
      const why = whyEnded(cut, fileTimeoutS, 'TEST_FILE_TIMEOUT');
      if (why) {
        const last = cut === 'timeout' ? `; ${lastReported(Buffer.concat(chunks).toString('utf8'))}` : '';
        chunks.push(Buffer.from(`\n# test-engine: ${why}${last}\n`));
      }
      const s = (performance.now() - t0) / 1000;
      times[key(file)] = Math.round(s * 10) / 10;
      const cpu = cpuSince();
      if (cpu !== null) cpuTimes[key(file)] = Math.round(cpu * 10) / 10;
      costs[key(file)] = cpuTimes[key(file)] ?? times[key(file)];
      const out = Buffer.concat(chunks).toString('utf8');
      const counts = {};
      for (const name of Object.keys(totals)) {
        const m = out.match(new RegExp(`^# ${name} (\\d+)$`, 'm'));
        counts[name] = m ? Number(m[1]) : 0;
        if (!again) totals[name] += counts[name];
      }
      // A file that ran no test or died counts as failed, whatever its exit code says.
      const ok = cut === undefined && code === 0 && counts.fail === 0 && counts.cancelled === 0 && counts.tests > 0;
      if (!ok && !again) {
        failed.push(file);
        failures.push(`${key(file)}:\n${notOk(out)}`);
      }
      // One write: two lanes' files never interleave their lines.
      process.stdout.write(
        `${out}${out.endsWith('\n') ? '' : '\n'}# ${ok ? 'ok' : 'FAILED'}${again ? ' on its retry' : ''}: ${key(file)} (${counts.tests} tests, ${s.toFixed(1)} s${cpu === null ? '' : `, CPU ${cpu.toFixed(1)} s`}${signal ? `, ${signal}` : code ? `, exit ${code}` : ''})\n\n`,
      );
      resolve(ok);
    });
  });
}

const lane = async () => {
  for (let f = queue.shift(); f; f = queue.shift()) await runFile(f);
};
// Idle lanes' files run on what the others leave idle (TEST_IDLE_NICE) until SIGUSR2. Niced, they take
// the shortest files (the queue's tail): a long file started at niceness 10 keeps it for its whole run,
// and one with deadlines would then wait behind the build and the browser tests.
let idleLaneFiles = 0;
const nextIdle = () => (idleNice > 0 ? queue.pop() : queue.shift());
const idleLane = async () => {
  for (let f = nextIdle(); f; f = nextIdle()) {
    idleLaneFiles += 1;
    await runFile(f, false, idleNice);
  }
};
const lanes = [
  ...Array.from({ length: Math.min(concurrency + moreLanes, queue.length) }, lane),
  ...Array.from({ length: Math.min(idleLanes, Math.max(0, queue.length - concurrency)) }, idleLane),
];
addLane = () => queue.length > 0 && lanes.push(lane());
for (let i = 0; i < lanes.length; i++) await lanes[i];

// TEST_RETRIES=n (npm test: 1): a failed file runs again, alone, up to n times. One that then passes
// does not fail the run but is named at the end as flaky, with what its failed run said: a timing-
// sensitive test on a loaded machine is told apart from a broken one, and neither goes unseen.
const retries = Math.max(0, Number(process.env.TEST_RETRIES ?? 0) || 0);
const flaky = [];
for (const file of [...failed]) {
  for (let n = 0; n < retries; n++) {
    if (!(await runFile(file, true))) continue;
    failed.splice(failed.indexOf(file), 1);
    const i = failures.findIndex((f) => f.startsWith(`${key(file)}:`));
    flaky.push(...failures.splice(i, 1));
    break;
  }
}

const wall = (performance.now() - started) / 1000;
console.log(
  `# engine tests: ${files.length} files, ${totals.tests} tests, ${totals.pass} passed, ${totals.fail} failed, ${totals.cancelled} cancelled, ${totals.skipped} skipped, ${totals.todo} todo${flaky.length ? `; flaky files: ${flaky.length}` : ''}; ${wall.toFixed(1)} s with ${concurrency} at a time${idleLanes > 0 ? ` (+${idleLanes} on idle CPU: ${idleLaneFiles} files)` : ''}${lanes.length > concurrency + idleLanes ? ` (${lanes.length} after SIGUSR2)` : ''}`,
);
const slowest = Object.entries(times)
  .sort((a, b) => b[1] - a[1])
  .slice(0, 8);
console.log(`# slowest files: ${slowest.map(([f, s]) => `${f} ${s} s`).join(', ')}`);
if (Object.keys(cpuTimes).length) {
  const cpuTotal = Object.values(cpuTimes).reduce((a, b) => a + b, 0);
  const costliest = Object.entries(cpuTimes)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8);
  console.log(`# CPU: ${cpuTotal.toFixed(1)} s in all; most: ${costliest.map(([f, s]) => `${f} ${s} s`).join(', ')}`);
}
if (flaky.length) console.log(`# flaky files (failed, then passed on a retry):\n${flaky.join('\n')}`);
if (failed.length) console.log(`# failed files:\n${failures.join('\n')}`);

const sorted = (o) => Object.fromEntries(Object.entries(o).sort((a, b) => b[1] - a[1]));
if (nodeArgs.length === 0) {
  mkdirSync(path.dirname(LOCAL_TIMES), { recursive: true });
  writeFileSync(LOCAL_TIMES, `${JSON.stringify(sorted({ ...readTimes(LOCAL_TIMES), ...costs }), null, 2)}\n`);
  if (writeTimes) writeFileSync(SHIPPED_TIMES, `${JSON.stringify(sorted({ ...readTimes(SHIPPED_TIMES), ...costs }), null, 2)}\n`);
}
process.exit(failed.length ? 1 : 0);
