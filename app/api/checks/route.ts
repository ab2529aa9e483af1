import { handle, json, fail, readJson } from '@/lib/api/respond';
import { startCheck, validate } from '@/lib/checker/service';
import { checkSummaries } from '@/lib/api/checks-page';
import { EXAMPLE_SCRIPTS } from '@/lib/checker/scripts';
import type { ChecksBody, StartCheckBody } from '@/lib/api/types';

export const dynamic = 'force-dynamic';

const MAX_BODY = 256 * 1024;

/** Recent checks (summaries) and the shipped examples' usual scripts for the form. */
export function GET() {
  return handle(async () =>
    json({
      checks: checkSummaries(),
      scripts: EXAMPLE_SCRIPTS,
    } satisfies ChecksBody),
  );
}

/** Starts a durability check: { component, version?, env?, steps: [{ function, args? | wave? }], killPoints?: "all" | [...] } → 202 { id }. */
export function POST(req: Request) {
  return handle(async () => {
    const origin = req.headers.get('origin');
    if (origin && new URL(origin).host !== (req.headers.get('host') ?? new URL(req.url).host))
      return fail('cross-origin requests are refused', 403);
    if (!/^application\/json\b/i.test(req.headers.get('content-type') ?? ''))
      return fail('the body must be JSON (content-type: application/json)', 415);
    if (Number(req.headers.get('content-length') ?? 0) > MAX_BODY) return fail(`the body is over ${MAX_BODY / 1024} KB`, 413);
    const { req: check, version } = await validate(await readJson(req));
    // `{origin}` in the script and env: this server, as the caller reached it (where the demo services are).
    const report = startCheck(check, version, new URL(req.url).origin);
    return json({ id: report.id } satisfies StartCheckBody, 202);
  });
}
