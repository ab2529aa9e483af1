import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

// End-to-end tests against a production build (`node scripts/start.mjs`) on its
// own port and its own database (data/e2e.db, deleted before the server starts).
// Browsers: `npx playwright install` cannot download here, so Debian's Chromium
// (`apt-get install -y chromium`) is used when present; elsewhere Playwright's own.

const PORT = Number(process.env.E2E_PORT ?? 3100);
const SYSTEM_CHROMIUM = '/usr/bin/chromium';

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  // A stray test.only must fail CI, not quietly run one test: CI machines set
  // CI, .ci/run sets it too, and `npm test` / `npm run test:e2e` count as CI.
  forbidOnly: (!!process.env.CI && process.env.CI !== 'false') || process.env.npm_lifecycle_event === 'test:e2e',
  timeout: 60_000,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: existsSync(SYSTEM_CHROMIUM) ? SYSTEM_CHROMIUM : undefined,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'] } }],
  webServer: {
    // Fresh database each run, then build if needed and serve.
    command:
      "node -e \"for (const s of ['', '-wal', '-shm', '-journal']) require('fs').rmSync('data/e2e.db' + s, { force: true })\" && node scripts/start.mjs",
    url: `http://127.0.0.1:${PORT}/`,
    env: { PORT: String(PORT), DATABASE_URL: 'file:./data/e2e.db' },
    reuseExistingServer: false,
    timeout: 300_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
