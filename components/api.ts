// Client-side helpers around the HTTP API (lib/api/client.ts): links, error text, payload previews.

import type { WorkerInfo } from '@/lib/runtime/types';

// The shapes the API returns are the engine's own types (type-only imports:
// nothing of the engine reaches the browser bundle).
export type { SourceKind, ComponentSummary, ComponentVersionInfo } from '@/lib/components/registry';
export type { Example } from '@/lib/examples';

// The typed routes live beside the route handlers' types; the raw fetch core is
// not re-exported, so every call the UI makes is typed on both ends.
export {
  ApiError,
  checksClient,
  componentsClient,
  debugClient,
  demoClient,
  examplesClient,
  learnClient,
  runtimeClient,
  workerApi,
  workerClient,
  workerClientAt,
  workersClient,
  type ErrorLocation,
} from '@/lib/api/client';

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
