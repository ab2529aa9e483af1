import { handle, json } from '@/lib/api/respond';
import { runtime } from '@/lib/api/server';
import type { CrashBody } from '@/lib/api/types';

export const dynamic = 'force-dynamic';

/** SIGKILLs the runtime process; answers once the new one is up and recovering. */
export function POST() {
  return handle(async () => {
    const rt = runtime();
    const killedPid = await rt.crash();
    return json({ killedPid, pid: rt.pid, restarts: rt.restarts } satisfies CrashBody);
  });
}
