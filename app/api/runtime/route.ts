import { handle, json } from '@/lib/api/respond';
import { runtime } from '@/lib/api/server';

export const dynamic = 'force-dynamic';

export function GET() {
  return handle(async () => {
    const rt = runtime();
    return json({ pid: rt.pid, restarts: rt.restarts, residentWorkers: await rt.api.residentCount() });
  });
}
