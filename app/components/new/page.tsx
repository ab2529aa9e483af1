import { NewComponent } from '@/components/component/NewComponent';
import { loadExamples } from '@/components/examples-server';

export const dynamic = 'force-dynamic';

export async function generateMetadata({ searchParams }: { searchParams: Promise<{ edit?: string }> }) {
  const { edit } = await searchParams;
  return { title: edit ? `Edit ${edit} · Durable Playground` : 'New component · Durable Playground' };
}

export default async function NewComponentPage({ searchParams }: { searchParams: Promise<{ template?: string; edit?: string }> }) {
  const { template, edit } = await searchParams;
  return <NewComponent fallbackExamples={loadExamples()} initialTemplate={template} editName={edit} />;
}
