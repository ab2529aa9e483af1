import { ComponentDetail } from '@/components/component/ComponentDetail';

export async function generateMetadata({ params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  return { title: `${decodeURIComponent(name)} · Components · Durable Playground` };
}

export default async function ComponentPage({ params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  return <ComponentDetail name={decodeURIComponent(name)} />;
}
