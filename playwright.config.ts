import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, devices } from '@playwright/test';
import { WHOLE_RUNTIME } from './e2e/projects';

// End-to-end tests against a production build (`node scripts/start.mjs`) on its
// own port and its own database (data/e2e.db, deleted before the server starts).
// Most tests share that server; tests tagged WHOLE_RUNTIME (e2e/projects.ts)
// crash the runtime or check the whole server, so they run one at a time on a
// second server (port + 1, data/e2e-whole.db). E2E_WORKERS (2) tests at a time
// in all: one of them may be the whole-runtime lane. The
// tests mostly wait on pages and timers (two at a time used 130 CPU s in 371 s).
// Browsers: `npx playwright install` cannot download here, so Debian's Chromium is
// used when present: its headless shell (`apt-get install -y chromium-headless-shell`,
// Chromium's old headless mode, the one Playwright itself runs headless) first, else
// the full browser in its new headless mode (`chromium`); elsewhere Playwright's own.
// The shell ran the 64 browser tests on half the CPU (154 → 73 CPU s alone on this
// machine, 161 → 110 s), and the CPU it leaves goes to the engine tests beside them.

const PORT = Number(process.env.E2E_PORT ?? 3100);
const WHOLE_PORT = PORT + 1;
const SYSTEM_CHROMIUM = ['/usr/bin/chromium-headless-shell', '/usr/bin/chromium'].find((f) => existsSync(f));
// The engine tests' build cache (scripts/test-engine.mjs): a component already
// built from the same source, WIT and toolchain is not componentized again.
// Every distinct source is still built for real once per clean clone.
const BUILD_CACHE =
  process.env.PLAYGROUND_BUILD_CACHE ?? fileURLToPath(new URL('node_modules/.cache/durable-playground/builds', import.meta.url));

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  fullyParallel: false,
  workers: Number(process.env.E2E_WORKERS ?? 2),
  // One retry: a browser test that fails once and passes on its retry is reported as flaky (npm test
  // repeats the list at its end) instead of failing the run; one that fails twice fails it. Two cores
  // shared with the engine tests make a page's timing vary more than its behaviour.
  retries: 1,
  // A stray test.only must fail CI, not quietly run one test: CI machines set
  // CI, .ci/run sets it too, and `npm test` / `npm run test:e2e` count as CI.
  forbidOnly: (!!process.env.CI && process.env.CI !== 'false') || process.env.npm_lifecycle_event === 'test:e2e',
  timeout: 60_000,
  // The whole run ends within 20 minutes whatever hangs (~3.5 here beside the engine tests): a CI log that names
  // the tests still running is worth more than one cut off at the service's limit.
  globalTimeout: 20 * 60_000,
  // Two tests at a time on two cores: a page may take longer than the default 5 s to show a condition.
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    // A failed test keeps a screenshot, and its retry (below) records a trace (actions, DOM
    // snapshots, network, console): a test that fails twice, failing the run, leaves the trace of
    // its failing retry. Tracing every first attempt, passed ones included, cost ≈ 15 % of the
    // browser tests' CPU time and a quarter of their wall time on a loaded 2-core machine (two
    // spec files, 7 tests: 17.4 → 14.5 CPU s); the trace's screencast (a JPEG per frame) is left
    // out, it was about a quarter of their CPU time.
    trace: { mode: 'on-first-retry', screenshots: false, snapshots: true },
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: SYSTEM_CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  // Listed first: its one lane starts at once, beside the other project's, instead of after it.
  projects: [
    {
      name: 'whole-runtime',
      grep: new RegExp(WHOLE_RUNTIME),
      workers: 1,
      use: { ...devices['Desktop Chrome'], baseURL: `http://127.0.0.1:${WHOLE_PORT}` },
    },
    { name: 'chromium', grepInvert: new RegExp(WHOLE_RUNTIME), use: { ...devices['Desktop Chrome'], baseURL: `http://127.0.0.1:${PORT}` } },
  ],
  // Started one after the other: the first builds when sources changed, the second finds the build.
  webServer: [server(PORT, 'data/e2e.db'), server(WHOLE_PORT, 'data/e2e-whole.db')],
});

function server(port: number, db: string) {
  return {
    // Fresh database each run, then build if needed and serve.
    command: `node -e "for (const s of ['', '-wal', '-shm', '-journal']) require('fs').rmSync('${db}' + s, { force: true })" && node scripts/start.mjs`,
    url: `http://127.0.0.1:${port}/`,
    env: { PORT: String(port), DATABASE_URL: `file:./${db}`, PLAYGROUND_BUILD_CACHE: BUILD_CACHE },
    reuseExistingServer: false,
    timeout: 300_000,
    stdout: 'pipe' as const,
    stderr: 'pipe' as const,
  };
}
