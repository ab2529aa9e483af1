// Route-handler plumbing: every error becomes JSON a person can act on.

import { RuntimeError } from '../runtime/client';
import { UserError } from '../components/errors';

export interface ApiErrorBody {
  error: string;
  location?: { file: string; line: number; column: number };
}

export function json(body: unknown, status = 200): Response {
  return Response.json(body, { status });
}

export function fail(message: string, status = 400, location?: ApiErrorBody['location']): Response {
  return json({ error: message, ...(location ? { location } : {}) } satisfies ApiErrorBody, status);
}

export async function handle(fn: () => Promise<Response>): Promise<Response> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof RuntimeError || e instanceof UserError) return fail(e.message, e.status, e.location);
    if (e instanceof BadRequest) return fail(e.message, 400);
    console.error('[api]', e);
    return fail(`internal error: ${e instanceof Error ? e.message : String(e)}`, 500);
  }
}

export class BadRequest extends Error {}

export async function readJson<T extends Record<string, unknown>>(req: Request): Promise<T> {
  const text = await req.text();
  if (!text.trim()) return {} as T;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new BadRequest(`the request body is not valid JSON: ${(e as Error).message}`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new BadRequest('the request body must be a JSON object');
  return v as T;
}

export function workerId(component: string, name: string): string {
  return `${decodeURIComponent(component)}/${decodeURIComponent(name)}`;
}
