// Dashboard (UI) figures, measured in headless Chromium against a production
// build, printed as a table:
//   1. oplog append on the server → its row in the timeline (p50/p95 of 50),
//   2. frame times while ~1,000 entries/s stream into the open worker page,
//   3. opening a worker with 100,000 oplog entries → first rows on screen.
// Run: npm run bench:ui  (builds the runtime bundle; `next build` runs first
// when the build is stale). Uses its own port and database (data/bench-ui.db).
//
// Row times come from a MutationObserver installed before the page's own
// scripts (addInitScript): "DOM" is when React inserted the row, "painted" is
// the first task after the next animation frame (≈ the frame that shows it).
// Server times are the entries' own `timestamp` (Date.now() at append); page
// times are the page's Date.now(): same machine, same wall clock.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, Page } from '@playwright/test';
import { mean, ms, pct } from './stats';
import { benchServer, launchChromium, root, run, sleep, type Entry } from './ui-server';

const server = benchServer({ port: Number(process.env.BENCH_UI_PORT ?? 3600), db: 'bench-ui.db' });
const { base, dbFile, get, post } = server;
const COMPONENT = 'counter';
const ADD = 'demo:counter/api.{add}';

const row = (name: string, value: string, target = '') => console.log(`${name.padEnd(62)} ${value.padStart(18)}   ${target}`);

const wapi = (name: string) => `/api/workers/${COMPONENT}/${encodeURIComponent(name)}`;
const pageUrl = (name: string) => `${base}/workers/${COMPONENT}/${encodeURIComponent(name)}`;
const lastEntry = async (name: string) => await get<{ entries: Entry[]; length: number }>(`${wapi(name)}/oplog?reverse=1&limit=1`);

// ---- the page-side probes ---------------------------------------------------

declare global {
  interface Window {
    __rowDom: Map<number, number>;
    __rowPaint: Map<number, number>;
    __frames: number[];
    __framesOn: boolean;
    __longTasks: number[];
  }
}

/** Installed before the app's scripts: first time each timeline row index is inserted / painted. */
function probe() {
  window.__rowDom = new Map();
  window.__rowPaint = new Map();
  window.__longTasks = [];
  let waiting: number[] = [];
  const ch = new MessageChannel();
  ch.port1.onmessage = () => {
    const now = Date.now();
    for (const i of waiting) if (!window.__rowPaint.has(i)) window.__rowPaint.set(i, now);
    waiting = [];
  };
  const seen = (el: Element, now: number) => {
    const i = Number((el as HTMLElement).dataset.index);
    if (window.__rowDom.has(i)) return;
    window.__rowDom.set(i, now);
    if (waiting.push(i) === 1) requestAnimationFrame(() => ch.port2.postMessage(0));
  };
  new MutationObserver((muts) => {
    const now = Date.now();
    for (const m of muts) {
      for (const n of m.addedNodes) {
        if (n.nodeType !== 1) continue;
        const el = n as Element;
        if (el.getAttribute('data-testid') === 'timeline-row') seen(el, now);
        else if (el.firstElementChild) for (const r of el.querySelectorAll('[data-testid="timeline-row"]')) seen(r, now);
      }
    }
  }).observe(document, { childList: true, subtree: true });
  try {
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) window.__longTasks.push(e.duration);
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    /* not supported */
  }
}

const waitRow = (page: Page, index: number, timeout = 15_000) =>
  page.waitForFunction((i) => window.__rowPaint.has(i), index, { timeout, polling: 20 });
/** When entry row `i` entered the DOM and was painted (NaN if it never was). */
const rowTime = async (page: Page, i: number): Promise<[number, number]> =>
  page.evaluate((i) => [window.__rowDom.get(i) ?? NaN, window.__rowPaint.get(i) ?? NaN] as [number, number], i);

async function openPage(browser: Browser) {
  const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  // tsx (esbuild keepNames) wraps named inner functions in __name(); give the page one.
  await ctx.addInitScript({ content: 'window.__name = (f) => f;' });
  await ctx.addInitScript(probe);
  return { ctx, page: await ctx.newPage() };
}

/** A new worker `name` with one invocation done, its page open with the last row on screen. */
async function openNewWorker(browser: Browser, name: string) {
  await post('/api/workers', { component: COMPONENT, name });
  await post(`${wapi(name)}/invoke-and-await`, { function: ADD, args: [1] });
  const opened = await openPage(browser);
  await opened.page.goto(pageUrl(name));
  await waitRow(opened.page, (await lastEntry(name)).length);
  return opened;
}

// ---- 1. append → row on screen ----------------------------------------------

async function appendToRow(browser: Browser) {
  const name = 'latency';
  const { ctx, page } = await openNewWorker(browser, name);

  const dom: number[] = [];
  const paint: number[] = [];
  const afterReturn: number[] = [];
  const perCall: number[] = [];
  const samples = 50;
  for (let i = -5; i < samples; i++) {
    const before = (await lastEntry(name)).length;
    await post(`${wapi(name)}/invoke-and-await`, { function: ADD, args: [1] });
    const returned = Date.now();
    const { entries } = await get<{ entries: Entry[] }>(`${wapi(name)}/oplog?from=${before + 1}&limit=100`);
    const last = entries.at(-1); // exported-function-completed: the append that ends the call
    if (!last) throw new Error('the invocation appended nothing');
    await waitRow(page, last.index);
    const [d, p] = await rowTime(page, last.index);
    if (i >= 0) {
      perCall.push(entries.length);
      dom.push(d - last.timestamp);
      paint.push(p - last.timestamp);
      afterReturn.push(p - returned);
    }
    await sleep(40 + Math.random() * 80); // decorrelate from the frame clock
  }
  console.log(
    `\n1. Oplog append → row on screen (${samples} invocations via POST .../invoke-and-await, ${pct(perCall, 50)} entries each; last entry of each call)`,
  );
  row('append → row inserted in DOM, p50', ms(pct(dom, 50)), '');
  row('append → row inserted in DOM, p95', ms(pct(dom, 95)), '');
  row('append → row painted (next frame), p50', ms(pct(paint, 50)), 'target p50 ≤ 100 ms');
  row('append → row painted (next frame), p95', ms(pct(paint, 95)), '');
  row('  invoke-and-await response received → row painted, p50', ms(pct(afterReturn, 50)), '(negative: row beat the HTTP response)');
  await ctx.close();
}

// ---- 2. frame times while ~1,000 entries/s stream in ------------------------

async function streaming(browser: Browser) {
  const name = 'stream';
  const { ctx, page } = await openNewWorker(browser, name);
  await sleep(500);

  const startFrames = () =>
    page.evaluate(() => {
      window.__frames = [];
      window.__framesOn = true;
      window.__longTasks.length = 0;
      requestAnimationFrame((t0) => {
        let last = t0;
        const loop = (t: number) => {
          window.__frames.push(t - last);
          last = t;
          if (window.__framesOn) requestAnimationFrame(loop);
        };
        requestAnimationFrame(loop);
      });
    });
  const stopFrames = () =>
    page.evaluate(() => {
      window.__framesOn = false;
      return { frames: window.__frames, longTasks: [...window.__longTasks] };
    });
  const report = (label: string, r: { frames: number[]; longTasks: number[] }) => {
    const f = r.frames;
    row(`${label}: frames`, String(f.length), '');
    row(`${label}: frame time mean`, ms(mean(f)), '(60 Hz = 16.7 ms)');
    row(`${label}: frame time p95`, ms(pct(f, 95)), '');
    row(`${label}: frame time max`, ms(Math.max(...f)), '');
    row(`${label}: frames over 50 ms`, String(f.filter((x) => x > 50).length), '');
    row(`${label}: long tasks (count / total)`, `${r.longTasks.length} / ${ms(r.longTasks.reduce((a, b) => a + b, 0))}`, '');
  };

  // Idle baseline.
  await startFrames();
  await sleep(2000);
  const idle = await stopFrames();

  // ~333 invocations/s enqueued (POST .../invoke, 202), each appending ~3 entries.
  const RATE = 333;
  const SECONDS = 5;
  const MAX_INFLIGHT = 64; // more only queues requests in the web server (measured: ~250-280 POST .../invoke/s at 64)
  const startLen = (await lastEntry(name)).length;
  let sent = 0;
  let inflight = 0;
  let failed = 0;
  let skipped = 0;
  const pending = new Set<Promise<unknown>>();
  await startFrames();
  const t0 = performance.now();
  await new Promise<void>((resolve) => {
    const tick = setInterval(() => {
      const elapsed = (performance.now() - t0) / 1000;
      if (elapsed >= SECONDS) {
        clearInterval(tick);
        resolve();
        return;
      }
      const due = Math.floor(elapsed * RATE);
      while (sent < due) {
        sent++;
        if (inflight >= MAX_INFLIGHT) {
          skipped++;
          continue;
        }
        inflight++;
        const p = post(`${wapi(name)}/invoke`, { function: ADD, args: [1] })
          .catch(() => {
            failed++;
          })
          .finally(() => {
            inflight--;
            pending.delete(p);
          });
        pending.add(p);
      }
    }, 5);
  });
  const windowMs = performance.now() - t0;
  const endLen = (await lastEntry(name)).length;
  const shownAtEnd = await page.evaluate(() => Math.max(0, ...window.__rowDom.keys()));
  const streamed = await stopFrames();
  await Promise.all(pending);
  // Let the queue drain, then see how long the page takes to show the tail.
  let finalLen = endLen;
  for (let i = 0; i < 200; i++) {
    await sleep(100);
    const l = (await lastEntry(name)).length;
    if (l === finalLen && l >= startLen + 3 * (sent - skipped - failed)) break;
    finalLen = l;
  }
  const finalEntry = (await lastEntry(name)).entries[0];
  if (!finalEntry) throw new Error(`worker ${name} has no entries`);
  await waitRow(page, finalEntry.index, 30_000);
  const [, finalPaint] = await rowTime(page, finalEntry.index);

  console.log(`\n2. Frame times while entries stream into the open worker page (${SECONDS} s, ${RATE} invocations/s enqueued)`);
  report('idle (2 s, no entries)', idle);
  row(`invocations enqueued / skipped (>${MAX_INFLIGHT} in flight) / failed`, `${sent - skipped} / ${skipped} / ${failed}`, '');
  row('entries appended during the window, per second', `${((endLen - startLen) / (windowMs / 1000)).toFixed(0)}/s`, 'aim ≈ 1000/s');
  report('streaming', streamed);
  row('rows behind the server at the end of the window', String(endLen - shownAtEnd), '');
  row('last entry appended → its row painted', ms(finalPaint - finalEntry.timestamp), '');
  await ctx.close();
}

// ---- 3. opening a worker with 100,000 entries -------------------------------

async function bigWorker(browser: Browser) {
  const name = 'big';
  const N = 100_000;
  // Templates from a real invocation, so the rows look like the engine's own.
  const { entries: sample } = await get<{ entries: Entry[] }>(`${wapi('latency')}/oplog?from=2&limit=10`);
  const inv = sample.find((e) => e.kind === 'exported-function-invoked');
  const done = sample.find((e) => e.kind === 'exported-function-completed');
  if (!inv || !done) throw new Error('no invocation entries to copy');
  const body = (e: Entry, over: Record<string, unknown>) => {
    const { kind: _k, index: _i, timestamp: _t, ...rest } = e;
    return JSON.stringify({ ...rest, ...over });
  };

  await post('/api/workers', { component: COMPONENT, name });
  const start = (await lastEntry(name)).length;
  const db = new Database(dbFile, { timeout: 10_000 });
  db.pragma('busy_timeout = 10000');
  const ins = db.prepare('INSERT INTO "OplogEntry" (workerId, idx, kind, timestamp, payload, idempotencyKey) VALUES (?, ?, ?, ?, ?, ?)');
  const id = `${COMPONENT}/${name}`;
  const now = Date.now() - N;
  let t = performance.now();
  db.transaction(() => {
    for (let idx = start + 1; idx <= N; idx++) {
      const call = Math.ceil((idx - start) / 2);
      const key = `bench-${call}`;
      if ((idx - start) % 2 === 1) ins.run(id, idx, inv.kind, now + idx, body(inv, { idempotencyKey: key }), key);
      else ins.run(id, idx, done.kind, now + idx, body(done, { idempotencyKey: key, result: call }), key);
    }
  }).immediate();
  const fillMs = performance.now() - t;
  db.close();
  const len = (await lastEntry(name)).length;
  if (len !== N) throw new Error(`expected ${N} entries, the server sees ${len}`);

  // Where the time goes: the two API reads the page makes before it renders rows.
  const apiMs = async (p: string) => {
    const xs: number[] = [];
    for (let i = 0; i < 5; i++) {
      t = performance.now();
      await get(p);
      xs.push(performance.now() - t);
    }
    return pct(xs, 50);
  };
  const firstPageMs = await apiMs(`${wapi(name)}/oplog?reverse=1&limit=500`);
  const metaMs = await apiMs(wapi(name));

  const open = async (w: string, fresh: boolean, ctxPage?: Page) => {
    const o = fresh || !ctxPage ? await openPage(browser) : null;
    const page = o ? o.page : ctxPage!;
    const last = (await lastEntry(w)).length;
    if (!o) await page.goto('about:blank');
    const t0 = Date.now();
    await page.goto(pageUrl(w), { waitUntil: 'commit' });
    await waitRow(page, last, 30_000);
    const r = await page.evaluate(
      (l) => ({
        firstDom: Math.min(...window.__rowDom.values()),
        firstPaint: Math.min(...window.__rowPaint.values()),
        lastPaint: window.__rowPaint.get(l)!,
        rows: window.__rowDom.size,
        dcl: (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).domContentLoadedEventEnd,
        origin: performance.timeOrigin,
      }),
      last,
    );
    return { ...r, t0, page, close: o ? () => o.ctx.close() : async () => {} };
  };

  console.log(`\n3. Opening a worker with ${N.toLocaleString('en')} oplog entries (page.goto → rows; rows inserted into SQLite directly)`);
  row(`fill: ${N - start} rows in one SQLite transaction`, ms(fillMs), '');
  row('GET .../oplog?reverse=1&limit=500 (the first page), p50 of 5', ms(firstPageMs), '');
  row('GET .../:name (worker metadata), p50 of 5', ms(metaMs), '');

  const cold = await open(name, true);
  row('cold (new browser context): goto → first row painted', ms(cold.firstPaint - cold.t0), 'target ≤ 1000 ms');
  row('  goto → DOMContentLoaded', ms(cold.origin + cold.dcl - cold.t0), '');
  row('  goto → first row in DOM', ms(cold.firstDom - cold.t0), '');
  row(`  goto → row #${N} (the newest) painted`, ms(cold.lastPaint - cold.t0), '');
  row('  timeline rows rendered (virtualized)', String(cold.rows), '');
  const warm: number[] = [];
  const warmLast: number[] = [];
  for (let i = 0; i < 3; i++) {
    const w = await open(name, false, cold.page);
    warm.push(w.firstPaint - w.t0);
    warmLast.push(w.lastPaint - w.t0);
  }
  row('warm (same context, median of 3): goto → first row painted', ms(pct(warm, 50)), 'target ≤ 1000 ms');
  row(`  goto → row #${N} painted`, ms(pct(warmLast, 50)), '');
  await cold.close();

  // For comparison: the same open of a small worker.
  const smallLen = (await lastEntry('latency')).length;
  const small: number[] = [];
  const s0 = await open('latency', true);
  small.push(s0.firstPaint - s0.t0);
  for (let i = 0; i < 3; i++) {
    const w = await open('latency', false, s0.page);
    small.push(w.firstPaint - w.t0);
  }
  row(`cold: same for a worker with ${smallLen} entries`, ms(small[0] ?? NaN), '');
  row(`warm (median of 3): same for a worker with ${smallLen} entries`, ms(pct(small.slice(1), 50)), '');
  await s0.close();
}

async function main() {
  const bootMs = await server.start();
  const ex = (f: string) => readFileSync(path.join(root, 'examples', 'counter', f), 'utf8');
  await post('/api/components/build', { name: COMPONENT, kind: 'js', source: ex('counter.js'), wit: ex('counter.wit') });
  const browser = await launchChromium();
  try {
    console.log(
      `Durable Playground UI bench — node ${process.version}, Chromium ${browser.version()}, ${new Date().toISOString()} (server up in ${(bootMs / 1000).toFixed(1)} s)`,
    );
    await appendToRow(browser);
    await streaming(browser);
    await bigWorker(browser);
  } finally {
    await browser.close();
  }
}

run(main, server);
