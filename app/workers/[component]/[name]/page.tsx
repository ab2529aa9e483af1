import { WorkerView } from '@/components/worker/WorkerView';

export async function generateMetadata({ params }: { params: Promise<{ component: string; name: string }> }) {
  const { component, name } = await params;
  return { title: `${decodeURIComponent(name)} · ${decodeURIComponent(component)} · Durable Playground` };
}

export default async function WorkerPage({ params }: { params: Promise<{ component: string; name: string }> }) {
  const { component, name } = await params;
  return <WorkerView component={decodeURIComponent(component)} name={decodeURIComponent(name)} />;
}
