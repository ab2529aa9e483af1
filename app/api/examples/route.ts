import { handle, json } from '@/lib/api/respond';
import { examples } from '@/lib/examples';
import type { ExamplesBody } from '@/lib/api/types';

export const dynamic = 'force-dynamic';

export function GET() {
  return handle(async () => json({ examples: examples() } satisfies ExamplesBody));
}
