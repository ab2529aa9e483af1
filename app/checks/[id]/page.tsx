import { CheckView } from '@/components/checks/CheckView';

export default async function CheckPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <CheckView id={id} />;
}
