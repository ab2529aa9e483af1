import { Home } from '@/components/home/Home';
import { loadExamples } from '@/components/examples-server';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Home · Durable Playground' };

export default function HomePage() {
  return <Home fallbackExamples={loadExamples()} />;
}
