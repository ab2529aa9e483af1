// Set-up several specs share: the counter example built as a component of
// their own, with one worker `w`, through the API.

import { readFileSync } from 'node:fs';
import { expect, type APIRequestContext } from '@playwright/test';

export const COUNTER = {
  source: readFileSync('examples/counter/counter.js', 'utf8'),
  wit: readFileSync('examples/counter/counter.wit', 'utf8'),
};

/** Builds examples/counter as `component` and creates its worker `w`. */
export async function counterWithWorker(request: APIRequestContext, component: string): Promise<void> {
  const build = await request.post('/api/components/build', { data: { name: component, kind: 'js', ...COUNTER } });
  expect(build.status(), await build.text()).toBe(201);
  expect((await request.post('/api/workers', { data: { component, name: 'w' } })).status()).toBe(201);
}
