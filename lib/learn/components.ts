// The components the lessons and the durable-vs-plain page run, built from
// examples/ on first use (and again only when their source changed).

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../store/migrate';

export interface LessonComponent {
  name: string;
  source: string;
  wit: string;
}

const read = (f: string) => readFileSync(path.join(projectRoot(), 'examples', f), 'utf8');

const SNAPSHOT_EXPORTS = '  export golem:api/save-snapshot@1.5.0;\n  export golem:api/load-snapshot@1.5.0;\n';

export const LESSON_COMPONENT_NAMES = ['shopping-cart', 'lesson-checkout', 'lesson-tally', 'lesson-tally-snap'] as const;
export type LessonComponentName = (typeof LESSON_COMPONENT_NAMES)[number];

export function lessonComponent(name: LessonComponentName): LessonComponent {
  switch (name) {
    case 'shopping-cart':
      return { name, source: read('shopping-cart/cart.js'), wit: read('shopping-cart/cart.wit') };
    case 'lesson-checkout':
      return { name, source: read('lessons/checkout.js'), wit: read('lessons/checkout.wit') };
    case 'lesson-tally':
      return { name, source: read('lessons/tally.js'), wit: read('lessons/tally.wit') };
    case 'lesson-tally-snap':
      // The same tally, plus Golem's snapshot exports: the only difference between the two.
      return {
        name,
        source: read('lessons/tally.js') + read('lessons/tally-snapshot.js'),
        wit: read('lessons/tally.wit').replace(/(\n\s*export api;\n)/, `$1${SNAPSHOT_EXPORTS}`),
      };
  }
}
