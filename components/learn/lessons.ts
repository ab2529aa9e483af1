// The four lessons, one per phrase of the talk this project comes from.

export interface LessonMeta {
  id: string;
  phrase: string;
  title: string;
  blurb: string;
  tasks: number;
}

export const LESSONS: LessonMeta[] = [
  {
    id: 'invincible',
    phrase: 'Invincible',
    title: 'Code that runs as if failures did not happen',
    blurb: 'Kill a shopping cart while you fill it, again and again. The cart is always right.',
    tasks: 4,
  },
  {
    id: 'failure-and-recovery',
    phrase: 'Failure and recovery',
    title: 'A crash is followed by replay to the same state',
    blurb: 'Crash the whole runtime while workers are busy and one sleeps, and watch each come back.',
    tasks: 3,
  },
  {
    id: 'at-least-once',
    phrase: 'At least once',
    title: 'A call in flight when the crash hits may happen again',
    blurb: 'Kill a checkout while the payment is in flight: the card is charged twice. Then two cures.',
    tasks: 4,
  },
  {
    id: 'recovery-latency',
    phrase: 'Recovery latency',
    title: 'What replay costs, and how snapshots bound it',
    blurb: 'Grow a history to 10,000 invocations, kill it, time the recovery; then again with snapshots.',
    tasks: 3,
  },
];

export function lessonMeta(id: string): LessonMeta | undefined {
  return LESSONS.find((l) => l.id === id);
}
