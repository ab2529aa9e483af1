import { invokeRoute } from '@/lib/api/invoke';

export const dynamic = 'force-dynamic';
/** Enqueue an invocation and return at once (202) with its idempotency key. */
export const POST = invokeRoute(false);
