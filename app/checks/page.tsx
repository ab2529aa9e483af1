import { CheckForm } from '@/components/checks/CheckForm';
import { checksPageData } from '@/lib/api/checks-page';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Checks · Durable Playground' };

// Read on the server so the form is drawn in its final layout: nothing below "Component" moves once the page shows.
export default async function ChecksPage({ searchParams }: { searchParams: Promise<{ component?: string }> }) {
  const { component } = await searchParams;
  const initial = checksPageData();
  return <CheckForm initial={initial} initialComponent={component ?? ''} />;
}
