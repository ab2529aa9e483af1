import { notFound } from 'next/navigation';
import { Lesson } from '@/components/learn/Lesson';
import { lessonMeta } from '@/components/learn/lessons';

export default async function LessonPage({ params }: { params: Promise<{ lesson: string }> }) {
  const { lesson } = await params;
  if (!lessonMeta(lesson)) notFound();
  return <Lesson id={lesson} />;
}
