import { ComponentList } from '@/components/component/ComponentList';

export const metadata = { title: 'Components · Durable Playground' };

export default function ComponentsPage() {
  return <ComponentList />;
}
