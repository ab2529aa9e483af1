import { WorkerList } from '@/components/workers/WorkerList';

export const metadata = { title: 'Workers · Durable Playground' };

export default async function WorkersPage({ searchParams }: { searchParams: Promise<{ component?: string; deleted?: string }> }) {
  const { component, deleted } = await searchParams;
  return <WorkerList initialComponent={component} initialDeleted={deleted === 'true'} />;
}
