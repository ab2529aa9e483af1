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

// ── Golem host API: promises, durable sleep, retries, scheduled invocations ──

/**
 * A worker's metadata; the durable host API's fields (suspendedUntil,
 * awaitingPromise, retry, deletedAt) are present when they apply.
 */
export type WorkerDetails = WorkerInfo;

/** GET /api/workers/{c}/{n}/promises and …/pending: the engine's own wire types. */
export type { PromiseInfo, PendingInvocation } from '@/lib/runtime/types';

/** Bytes of a base64 string (standard or URL alphabet); null when it is not base64. */
export function base64Bytes(b64: string): Uint8Array | null {
  try {
    const bin = atob(b64.replace(/-/g, '+').replace(/_/g, '/').replace(/\s+/g, ''));
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  } catch {
    return null;
  }
}

/** A payload for display: its UTF-8 text, or a hex preview when it is not text. */
export function payloadPreview(b64: string): { text: string; binary: boolean; bytes: number } {
  const bytes = base64Bytes(b64);
  if (!bytes) return { text: b64, binary: true, bytes: 0 };
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    // Control characters other than whitespace: show it as bytes instead.
    if (!/[\u0000-\u0008\u000e-\u001f\u007f]/.test(text)) return { text, binary: false, bytes: bytes.length };
  } catch {
    /* not UTF-8 */
  }
  const hex = Array.from(bytes.slice(0, 32), (b) => b.toString(16).padStart(2, '0')).join(' ');
  return { text: hex + (bytes.length > 32 ? ' …' : ''), binary: true, bytes: bytes.length };
}
