import { handle, json, fail } from '@/lib/api/respond';
import type { ComponentBody, ComponentsBody } from '@/lib/api/types';
import { runtime } from '@/lib/api/server';
import { securityConfig } from '@/lib/security/config';

export const dynamic = 'force-dynamic';

const MAX_UPLOAD = securityConfig().maxUploadBytes;

export function GET() {
  return handle(async () => json({ components: await runtime().api.listComponents() } satisfies ComponentsBody));
}

/** Upload a component binary: multipart form with `name`, `file`, optional `wit` and `world`. */
export function POST(req: Request) {
  return handle(async () => {
    const length = Number(req.headers.get('content-length') ?? 0);
    if (length > MAX_UPLOAD) return fail(`upload too large: ${length} bytes, the limit is ${MAX_UPLOAD} bytes`, 413);
    let form: FormData;
    try {
      form = await req.formData();
    } catch {
      return fail('send the component as multipart/form-data with fields "name" and "file"');
    }
    const name = form.get('name');
    const file = form.get('file');
    if (typeof name !== 'string' || !name) return fail('missing field "name"');
    if (!(file instanceof Blob)) return fail('missing file field "file" (the .wasm component)');
    if (file.size > MAX_UPLOAD) return fail(`upload too large: ${file.size} bytes, the limit is ${MAX_UPLOAD} bytes`, 413);
    if (file.size === 0) return fail('the uploaded file is empty');
    const wit = form.get('wit');
    const world = form.get('world');
    const bytes = new Uint8Array(await file.arrayBuffer());
    const component = await runtime().api.registerComponent(name, {
      kind: 'upload',
      bytes,
      wit: typeof wit === 'string' && wit.trim() ? wit : undefined,
      world: typeof world === 'string' && world ? world : undefined,
    });
    return json({ component } satisfies ComponentBody, 201);
  });
}
