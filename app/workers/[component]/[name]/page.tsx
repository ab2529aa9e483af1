import { cookies } from 'next/headers';
import { WorkerView } from '@/components/worker/WorkerView';
import { COMPACT_COOKIE } from '@/components/timeline/compact/prefs';
import { workerPageData } from '@/lib/api/worker-page';

export const dynamic = 'force-dynamic';

export async function generateMetadata({ params }: { params: Promise<{ component: string; name: string }> }) {
  const { component, name } = await params;
  return { title: `${decodeURIComponent(name)} · ${decodeURIComponent(component)} · Durable Playground` };
}

export default async function WorkerPage({ params }: { params: Promise<{ component: string; name: string }> }) {
  const { component: c, name: n } = await params;
  const [component, name] = [decodeURIComponent(c), decodeURIComponent(n)];
  // The first rows come with the HTML; the compact view's place too, so opening it after the scripts moves nothing.
  const [initial, jar] = await Promise.all([workerPageData(component, name), cookies()]);
  return <WorkerView component={component} name={name} initial={initial} compact={jar.get(COMPACT_COOKIE)?.value === '1'} />;
}
