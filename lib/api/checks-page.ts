// What the /checks page's server render hands the form: the components, the
// shipped examples' scripts and the recent checks, as GET /api/components and
// GET /api/checks give them, so the form (and its "No
// components yet" hint) is drawn in its final layout instead of growing after
// the browser's two requests.

import { listChecks } from '../checker/service';
import { EXAMPLE_SCRIPTS } from '../checker/scripts';
import type { ComponentSummary } from '../components/registry';
import type { CheckSummary, ChecksBody } from './types';
import { oplogStore } from './server';
import { componentSummaries } from '../components/summaries';
import { ComponentStore } from '../store/component-store';

/** GET /api/checks' rows: each check's summary with its verdicts counted. */
export function checkSummaries(): CheckSummary[] {
  return listChecks().map(({ id, status, component, version, total, done, startedAt, ms, error, runs }) => ({
    id,
    status,
    component,
    version,
    total,
    done,
    startedAt,
    ms,
    error,
    verdicts: runs.reduce<Record<string, number>>((m, r) => ({ ...m, [r.verdict]: (m[r.verdict] ?? 0) + 1 }), {}),
  }));
}

export interface ChecksPageData extends ChecksBody {
  /** null when the database could not be read: the form lists them itself. */
  components: ComponentSummary[] | null;
}

export function checksPageData(): ChecksPageData {
  let components: ComponentSummary[] | null = null;
  try {
    // The rows GET /api/components lists, read here without waiting for (or starting) the runtime.
    components = componentSummaries(new ComponentStore(oplogStore().db));
  } catch {
    /* the form asks the API */
  }
  // As the API sends them (JSON), so the first render and later reads agree.
  return JSON.parse(JSON.stringify({ components, scripts: EXAMPLE_SCRIPTS, checks: checkSummaries() }));
}
