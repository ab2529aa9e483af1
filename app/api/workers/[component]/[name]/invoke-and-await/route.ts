import { invokeRoute } from '@/lib/api/invoke';

export const dynamic = 'force-dynamic';
/** Invoke and wait for the typed result. */
export const POST = invokeRoute(true);
