import { WorkerList } from '@/components/workers/WorkerList';

export const metadata = { title: 'Workers · Durable Playground' };

export default async function WorkersPage({ searchParams }: { searchParams: Promise<{ component?: string }> }) {
  const { component } = await searchParams;
  return <WorkerList initialComponent={component} />;
}
