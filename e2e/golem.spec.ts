import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { WHOLE_RUNTIME } from './projects';
import { clock, counterWithWorker } from './fixtures';

// Golem's host API in the dashboard: a workflow that waits for a human's
// approval (a promise), survives a runtime crash while it waits, and finishes
// once the promise is completed from the worker page's Promises panel.
// Screenshots land in e2e/screenshots/ (gitignored).

test.use({ viewport: { width: 1440, height: 900 } });

const shot = (page: Page, name: string) => page.screenshot({ path: `e2e/screenshots/${name}.png` });

interface ExampleJson {
  id: string;
  kind: 'js' | 'wat';
  source: string;
  wit: string;
  world?: string;
}
interface ExportJson {
  interface?: string;
  name: string;
}
interface WorkerJson {
  status: string;
  awaitingPromise?: number;
  suspendedUntil?: string;
}

async function getJson<T>(request: APIRequestContext, path: string): Promise<T> {
  const r = await request.get(path);
  expect(r.ok(), `GET ${path}: ${r.status()} ${await r.text()}`).toBe(true);
  return (await r.json()) as T;
}

/** The worker's status, or the HTTP status while the API cannot say (503 during a restart). */
async function workerStatus(request: APIRequestContext, path: string): Promise<string> {
  const r = await request.get(path);
  return r.ok() ? ((await r.json()) as { worker: WorkerJson }).worker.status : `HTTP ${r.status()}`;
}

test(
  'approval workflow: suspend on a promise, crash the runtime, approve from the dashboard',
  { tag: WHOLE_RUNTIME },
  async ({ page, request, baseURL }) => {
    test.setTimeout(240_000);
    const { examples } = await getJson<{ examples: ExampleJson[] }>(request, '/api/examples');
    const example = examples.find((e) => e.id === 'approval-workflow');
    expect(example, `no approval-workflow among the examples: ${examples.map((e) => e.id).join(', ')}`).toBeTruthy();
    const ex = example!;

    // Build the component and start a worker, through the API.
    const component = `e2e-approval-${Date.now().toString(36)}`;
    const build = await request.post('/api/components/build', {
      data: { name: component, kind: ex.kind, source: ex.source, wit: ex.wit, world: ex.world },
    });
    expect(build.status(), await build.text()).toBe(201);
    const { versions } = await getJson<{ versions: { version: number; exports: ExportJson[] }[] }>(request, `/api/components/${component}`);
    const latest = [...versions].sort((a, b) => b.version - a.version)[0];
    if (!latest) throw new Error(`component ${component} has no versions`);
    const run = latest.exports.find((f) => f.name === 'run');
    expect(run, `exports: ${JSON.stringify(latest.exports)}`).toBeTruthy();
    const fn = run!.interface ? `${run!.interface}.{${run!.name}}` : run!.name;

    const created = await request.post('/api/workers', {
      data: { component, name: 'w', env: { NOTIFY_URL: `${baseURL}/api/demo/notify` } },
    });
    expect(created.status(), await created.text()).toBe(201);
    const base = `/api/workers/${component}/w`;
    const invoke = await request.post(`${base}/invoke`, { data: { function: fn, args: ['buy a laptop'], wait: false } });
    expect(invoke.status(), await invoke.text()).toBe(202);

    // The worker page: it suspends, waiting for its promise.
    await page.goto(`/workers/${component}/w`);
    const badge = page.getByTestId('status-badge');
    await expect(badge).toHaveAttribute('data-status', 'suspended', { timeout: 30_000 });
    await expect(page.getByTestId('status-detail')).toContainText(/waiting for promise #\d+/);
    const awaited = (await getJson<{ worker: WorkerJson }>(request, base)).worker.awaitingPromise;
    expect(typeof awaited, 'GET worker → awaitingPromise').toBe('number');
    await expect(page.getByTestId('status-detail')).toHaveText(`waiting for promise #${awaited}`);
    const row = page.locator(`[data-testid=promise-row][data-index="${awaited}"]`);
    await expect(row).toHaveAttribute('data-state', 'waiting');
    await expect(row).toHaveAttribute('data-awaited', 'true');
    await expect(page.getByTestId('oplog-length')).not.toHaveText('0');
    await shot(page, 'golem-suspended');

    // Crash the runtime while the worker waits; wait until it is back.
    const before = await getJson<{ restarts: number }>(request, '/api/runtime');
    await page.getByTestId('crash-runtime').click();
    // (503 while it restarts.)
    const restarts = async () => {
      const r = await request.get('/api/runtime');
      return r.ok() ? ((await r.json()) as { restarts: number }).restarts : -1;
    };
    await expect.poll(restarts, { timeout: 60_000 }).toBeGreaterThan(before.restarts);
    // Still waiting for the same promise, as far as the API and the page are concerned.
    await expect.poll(() => workerStatus(request, base), { timeout: 30_000 }).toBe('suspended');
    await expect(badge).toHaveAttribute('data-status', 'suspended', { timeout: 30_000 });
    await expect(row).toHaveAttribute('data-state', 'waiting');

    // Approve from the Promises panel.
    await row.getByTestId('promise-complete-open').click();
    await expect(row.getByTestId('promise-payload')).toHaveValue('approved');
    await row.getByTestId('promise-submit').click();
    await expect(row.getByTestId('promise-error')).toHaveCount(0);
    await expect(row).toHaveAttribute('data-state', 'completed', { timeout: 15_000 });
    await expect(row.getByTestId('promise-preview')).toHaveText('approved');

    // The workflow goes on: a durable sleep of 3 s (suspended, with a countdown), then it finishes.
    await expect(page.getByTestId('status-detail')).toHaveText(clock('^sleeping until ', String.raw` \(in \d+(\.\d)? s\)$`), {
      timeout: 15_000,
    });
    await shot(page, 'golem-sleeping');
    const completed = page.locator('[data-testid=timeline-row][data-kind=exported-function-completed]');
    await expect(completed.filter({ hasText: 'approved' })).toHaveCount(1, { timeout: 90_000 });
    await expect(badge).toHaveAttribute('data-status', 'idle', { timeout: 30_000 });
    await expect(page.locator('[data-testid=timeline-row][data-kind=promise-completed]')).toHaveCount(1);
    await shot(page, 'golem-approved');
  },
);

// A call inside an atomic region fails once and traps; the worker's retry
// policy (set by the guest: 4 s between attempts) leaves it `retrying` with a
// countdown long enough to see, then the retry re-executes the region live.
const RETRY_JS = `
import { markBeginOperation, markEndOperation, setRetryPolicy } from 'golem:api/host@1.1.7';
import { getEnvironment } from 'wasi:cli/environment@0.2.12';
import { send } from 'playground:http/client@0.1.0';

function env(name) {
  for (const [k, v] of getEnvironment()) if (k === name) return v;
  return '';
}

export const api = {
  call(key) {
    setRetryPolicy({ maxAttempts: 3, minDelay: 4000000000, maxDelay: 4000000000, multiplier: 1, maxJitterFactor: undefined });
    const begin = markBeginOperation();
    const res = send({ method: 'GET', url: env('FLAKY_URL') + '?failures=1&key=' + encodeURIComponent(key), headers: [], body: null });
    if (res.status !== 200) throw new Error('service answered ' + res.status);
    markEndOperation(begin);
    return res.body;
  },
};
`;
const RETRY_WIT = `package demo:retry;

interface api {
  call: func(key: string) -> string;
}

world retry {
  import golem:api/host@1.1.7;
  import wasi:cli/environment@0.2.12;
  import playground:http/client@0.1.0;
  export api;
}
`;

test('a failing call retries: the worker page counts down to the next attempt', async ({ page, request, baseURL }) => {
  test.setTimeout(180_000);
  const component = `e2e-retry-${Date.now().toString(36)}`;
  const build = await request.post('/api/components/build', { data: { name: component, kind: 'js', source: RETRY_JS, wit: RETRY_WIT } });
  expect(build.status(), await build.text()).toBe(201);
  const created = await request.post('/api/workers', { data: { component, name: 'w', env: { FLAKY_URL: `${baseURL}/api/demo/flaky` } } });
  expect(created.status(), await created.text()).toBe(201);

  await page.goto(`/workers/${component}/w`);
  await expect(page.getByTestId('timeline-row').first()).toBeVisible();
  const invoke = await request.post(`/api/workers/${component}/w/invoke`, {
    data: { function: 'demo:retry/api.{call}', args: [component] },
  });
  expect(invoke.status(), await invoke.text()).toBe(202);

  const badge = page.getByTestId('status-badge');
  await expect(badge).toHaveAttribute('data-status', 'retrying', { timeout: 30_000 });
  await expect(page.getByTestId('status-detail')).toHaveText(clock(String.raw`^retry \d+ of \d+ at `, String.raw` \(in \d+(\.\d)? s\)$`));
  await expect(page.getByTestId('last-error')).toContainText('503');
  await expect(page.locator('[data-testid=timeline-row][data-kind=error]')).toContainText('retrying at');
  await shot(page, 'golem-retrying');

  // The retry succeeds: the service answers 200 the second time.
  await expect(page.locator('[data-testid=timeline-row][data-kind=exported-function-completed]')).toContainText('ok (request 2', {
    timeout: 30_000,
  });
  await expect(badge).toHaveAttribute('data-status', 'idle', { timeout: 15_000 });
});

test('schedule an invocation from the invoke panel, see it pending, cancel it', async ({ page, request }) => {
  test.setTimeout(120_000);
  const component = `e2e-sched-${Date.now().toString(36)}`;
  await counterWithWorker(request, component);

  await page.goto(`/workers/${component}/w`);
  await expect(page.getByTestId('timeline-row').first()).toBeVisible();
  await page.getByTestId('field-n').fill('5');
  await page.getByTestId('invoke-when').selectOption('in');
  await page.getByTestId('invoke-in-seconds').fill('600');
  await page.getByTestId('invoke').click();
  await expect(page.getByTestId('invoke-queued')).toContainText('scheduled for');
  const pending = page.getByTestId('pending-row');
  await expect(pending).toHaveCount(1);
  await expect(pending.getByTestId('pending-scheduled')).toContainText(clock('scheduled at ', String.raw` \(in (9|10) min`));
  await shot(page, 'golem-pending');
  await pending.getByTestId('pending-cancel').click();
  await expect(page.getByTestId('pending-panel')).toHaveCount(0);
  await expect(page.locator('[data-testid=timeline-row][data-kind=cancel-pending-invocation]')).toHaveCount(1);

  // Scheduled a moment ahead: it runs by itself.
  await page.getByTestId('invoke-in-seconds').fill('2');
  await page.getByTestId('invoke').click();
  await expect(page.locator('[data-testid=timeline-row][data-kind=exported-function-completed]')).toContainText('→ 5', { timeout: 30_000 });
  await expect(page.getByTestId('pending-panel')).toHaveCount(0);
});
