import { fail, handle, json } from '@/lib/api/respond';
import { runtime } from '@/lib/api/server';
import { config } from '@/lib/config';
import type { WorkerBody } from '@/lib/api/types';

export const dynamic = 'force-dynamic';

const MAX_BYTES = config.maxUploadMb * 1024 * 1024;

/**
 * Import a worker history exported by GET …/export: `{ file, name? }` (JSON, same origin,
 * at most PLAYGROUND_MAX_UPLOAD_MB) → 201 { worker }: a worker with the same oplog,
 * under its exported name or `name`, on the component version with the same bytes (or a new one).
 */
export function POST(req: Request) {
  return handle(async () => {
    const origin = req.headers.get('origin');
    if (
      origin &&
      origin !== new URL(req.url).origin &&
      origin !== `http://${req.headers.get('host')}` &&
      origin !== `https://${req.headers.get('host')}`
    ) {
      return fail('cross-origin import refused', 403);
    }
    if (!(req.headers.get('content-type') ?? '').toLowerCase().startsWith('application/json'))
      return fail('send the history as application/json', 415);
    const declared = Number(req.headers.get('content-length') ?? 0);
    if (declared > MAX_BYTES) return fail(`the file is larger than ${MAX_BYTES / 1024 / 1024} MB (PLAYGROUND_MAX_UPLOAD_MB)`, 413);
    const text = await req.text();
    if (text.length > MAX_BYTES) return fail(`the file is larger than ${MAX_BYTES / 1024 / 1024} MB (PLAYGROUND_MAX_UPLOAD_MB)`, 413);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (e) {
      return fail(`the request body is not valid JSON: ${(e as Error).message}`);
    }
    if (typeof body !== 'object' || body === null || !('file' in body))
      return fail('send { "file": <exported history>, "name"?: "new-worker-name" }');
    const b = body as { file: unknown; name?: unknown };
    if (b.name !== undefined && typeof b.name !== 'string') return fail('"name" must be a string');
    const worker = await runtime().api.importWorker(b.file, { name: b.name || undefined });
    return json({ worker } satisfies WorkerBody, 201);
  });
}
