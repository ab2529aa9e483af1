import { NewComponent } from '@/components/component/NewComponent';
import { loadExamples } from '@/components/examples-server';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'New component · Durable Playground' };

export default async function NewComponentPage({ searchParams }: { searchParams: Promise<{ template?: string }> }) {
  const { template } = await searchParams;
  return <NewComponent fallbackExamples={loadExamples()} initialTemplate={template} />;
}
