import { LearnIndex } from '@/components/learn/LearnIndex';

export const metadata = { title: 'Learn · Durable Playground' };

export default function LearnPage() {
  return <LearnIndex />;
}
