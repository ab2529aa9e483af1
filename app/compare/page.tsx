import { Compare } from '@/components/compare/Compare';

export const metadata = { title: 'Durable and plain · Durable Playground' };

export default function ComparePage() {
  return <Compare />;
}
