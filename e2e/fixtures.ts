// Set-up several specs share: an example (the counter, most often) built as a
// component of their own, with one worker, through the API; and the ways they
// reach around the browser (a held event stream, a raw HTTP request).

import { readFileSync } from 'node:fs';
import http from 'node:http';
import { expect, type APIRequestContext, type Page } from '@playwright/test';

export const COUNTER = {
  source: readFileSync('examples/counter/counter.js', 'utf8'),
  wit: readFileSync('examples/counter/counter.wit', 'utf8'),
};

/** A JavaScript example's source and WIT, by its path without extension under examples/ (`counter/counter`). */
export const example = (name: string) => ({
  source: readFileSync(`examples/${name}.js`, 'utf8'),
  wit: readFileSync(`examples/${name}.wit`, 'utf8'),
});

/** Builds `code` as `component` and creates its worker `worker`. */
export async function componentWithWorker(
  request: APIRequestContext,
  component: string,
  code: { source: string; wit: string },
  worker: string,
): Promise<void> {
  const build = await request.post('/api/components/build', { data: { name: component, kind: 'js', ...code } });
  expect(build.status(), await build.text()).toBe(201);
  expect((await request.post('/api/workers', { data: { component, name: worker } })).status()).toBe(201);
}

/** Builds examples/counter as `component` and creates its worker `w`. */
export async function counterWithWorker(request: APIRequestContext, component: string): Promise<void> {
  await componentWithWorker(request, component, COUNTER, 'w');
}

/** Builds the shipped example `id` (as GET /api/examples lists it) as a component of the same name. */
export async function buildExample(request: APIRequestContext, id: string): Promise<void> {
  const { examples } = (await (await request.get('/api/examples')).json()) as {
    examples: { id: string; kind: string; source: string; wit: string }[];
  };
  const ex = examples.find((e) => e.id === id);
  expect(ex, `example ${id}`).toBeTruthy();
  const built = await request.post('/api/components/build', { data: { name: id, kind: ex!.kind, source: ex!.source, wit: ex!.wit } });
  expect(built.ok(), await built.text()).toBeTruthy();
}

/** Holds `page`'s live event stream of a worker until the returned `release` is called. */
export async function holdEvents(page: Page, component: string, worker: string): Promise<() => void> {
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  await page.route(`**/api/workers/${component}/${worker}/events**`, async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

/** A raw request with any Host header (browsers and Playwright set Host themselves). */
export function rawRequest(
  port: number,
  p: string,
  headers: Record<string, string>,
  method = 'GET',
  body?: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: p, method, headers }, (res) => {
      let b = '';
      res.on('data', (c) => (b += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: b }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A clock time as the UI writes it: "HH:MM:SS", with the date before it when
 *  that moment is not today (a run near midnight crosses days). */
export const clock = (before: string, after: string): RegExp => new RegExp(`${before}(?:[\\d/.-]+ )?\\d\\d:\\d\\d:\\d\\d${after}`);
