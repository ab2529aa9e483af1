import { fail, handle, json, readJson } from '@/lib/api/respond';
import type { LessonComponentBody } from '@/lib/api/types';
import { runtime } from '@/lib/api/server';
import { LESSON_COMPONENT_NAMES, lessonComponent, type LessonComponentName } from '@/lib/learn/components';

export const dynamic = 'force-dynamic';

/**
 * `{ name }`: makes sure a lesson's component is registered with its current
 * source (building it from examples/ when missing or changed) → `{ name, version, built }`.
 */
export function POST(req: Request) {
  return handle(async () => {
    const b = await readJson<{ name?: unknown }>(req);
    if (typeof b.name !== 'string' || !(LESSON_COMPONENT_NAMES as readonly string[]).includes(b.name)) {
      return fail(`"name" must be one of ${LESSON_COMPONENT_NAMES.join(', ')}`);
    }
    const name = b.name as LessonComponentName;
    // Two pages asking at once share one build.
    let p = building.get(name);
    if (!p) {
      p = ensure(name).finally(() => building.delete(name));
      building.set(name, p);
    }
    const r = await p;
    return json(r satisfies LessonComponentBody, r.built ? 201 : 200);
  });
}

const building = new Map<string, Promise<{ name: string; version: number; built: boolean }>>();

async function ensure(name: LessonComponentName): Promise<{ name: string; version: number; built: boolean }> {
  const c = lessonComponent(name);
  const api = runtime().api;
  const latest = (await api.componentVersions(c.name)).sort((x, y) => y.version - x.version)[0];
  if (latest && latest.source === c.source && latest.wit === c.wit) return { name, version: latest.version, built: false };
  const built = await api.registerComponent(c.name, { kind: 'js', source: c.source, wit: c.wit });
  return { name, version: built.version, built: true };
}
