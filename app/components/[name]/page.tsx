import { ComponentDetail } from '@/components/component/ComponentDetail';

export default async function ComponentPage({ params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  return <ComponentDetail name={decodeURIComponent(name)} />;
}
