import { runtimeEventStream } from '@/lib/api/sse';

export const dynamic = 'force-dynamic';

/** SSE of every worker's status changes, recoveries and oplog growth, plus runtime crashes. */
export function GET(req: Request) {
  return runtimeEventStream(req, {});
}
