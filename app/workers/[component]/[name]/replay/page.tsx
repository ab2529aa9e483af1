import { ReplayView } from '@/components/replay/ReplayView';

export async function generateMetadata({ params }: { params: Promise<{ component: string; name: string }> }) {
  const { component, name } = await params;
  return { title: `Replay ${decodeURIComponent(name)} · ${decodeURIComponent(component)} · Durable Playground` };
}

export default async function ReplayPage({ params }: { params: Promise<{ component: string; name: string }> }) {
  const { component, name } = await params;
  return <ReplayView component={decodeURIComponent(component)} name={decodeURIComponent(name)} />;
}
