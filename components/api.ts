// Client-side access to the HTTP API: JSON in, JSON out, errors as ApiError.

import type { WorkerInfo } from '@/lib/runtime/types';

// The shapes the API returns are the engine's own types (type-only imports:
// nothing of the engine reaches the browser bundle).
export type { SourceKind, ComponentSummary, ComponentVersionInfo } from '@/lib/components/registry';
export type { Example } from '@/lib/examples';

export interface ErrorLocation {
  file: string;
  line: number;
  column: number;
}

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly location?: ErrorLocation,
  ) {
    super(message);
  }
}

export async function api<T>(path: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { cache: 'no-store', ...init });
  } catch (e) {
    throw new ApiError(`the server did not answer: ${(e as Error).message}`, 0);
  }
  const text = await res.text();
  let body: unknown = undefined;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON */
  }
  if (!res.ok) {
    const b = body as { error?: string; location?: ErrorLocation } | undefined;
    throw new ApiError(b?.error ?? `HTTP ${res.status}: ${text.slice(0, 200)}`, res.status, b?.location);
  }
  return body as T;
}

export function post<T>(path: string, body: unknown = {}): Promise<T> {
  return api<T>(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

export function del<T>(path: string): Promise<T> {
  return api<T>(path, { method: 'DELETE' });
}

export const workerApi = (component: string, name: string) =>
  `/api/workers/${encodeURIComponent(component)}/${encodeURIComponent(name)}`;

export const workerHref = (w: Pick<WorkerInfo, 'component' | 'name'>) =>
  `/workers/${encodeURIComponent(w.component)}/${encodeURIComponent(w.name)}`;

export const componentHref = (name: string) => `/components/${encodeURIComponent(name)}`;

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
