import { ReplayView } from '@/components/replay/ReplayView';

export default async function ReplayPage({ params }: { params: Promise<{ component: string; name: string }> }) {
  const { component, name } = await params;
  return <ReplayView component={decodeURIComponent(component)} name={decodeURIComponent(name)} />;
}
