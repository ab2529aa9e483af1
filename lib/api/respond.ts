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
    const a = errorAnswer(e);
    return json(a.body, a.status);
  }
}

/** A status and a JSON body, before any Response is made (the server's invocation fast path writes it itself). */
export interface Answer {
  status: number;
  body: unknown;
}

/** The answer to a thrown error: its own status and message when it has them, else 500. */
export function errorAnswer(e: unknown): Answer & { body: ApiErrorBody } {
  const err = (message: string, status: number, location?: ApiErrorBody['location']) => ({
    status,
    body: { error: message, ...(location ? { location } : {}) },
  });
  // Checked by shape, not class: the custom server and Next's route bundles
  // each have their own copy of these classes, sharing one runtime client.
  if (e instanceof RuntimeError || e instanceof UserError || isStatusError(e)) return err(e.message, e.status, e.location);
  if (e instanceof BadRequest) return err(e.message, 400);
  console.error('[api]', e);
  return err(`internal error: ${e instanceof Error ? e.message : String(e)}`, 500);
}

export class BadRequest extends Error {
  readonly status = 400;
}

function isStatusError(e: unknown): e is Error & { status: number; location?: ApiErrorBody['location'] } {
  const status = e instanceof Error ? (e as unknown as { status?: unknown }).status : undefined;
  return typeof status === 'number' && status >= 400 && status < 600;
}

export async function readJson<T extends Record<string, unknown>>(req: Request): Promise<T> {
  return parseJsonObject<T>(await req.text());
}

/** A request body's JSON object; an empty body is {}. */
export function parseJsonObject<T extends Record<string, unknown>>(text: string): T {
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
  return `${decodePart(component, 'component')}/${decodePart(name, 'worker name')}`;
}

/** A percent-encoded URL segment decoded; a malformed escape (`%E0%A4%A`) is the client's mistake, a 400. */
export function decodePart(segment: string, what: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new BadRequest(`the ${what} in the URL is not valid percent-encoding: ${JSON.stringify(segment.slice(0, 80))}`);
  }
}
