// The shipped examples, read on the server so pages render with them at once
// (the same list GET /api/examples serves).

import { examples } from '@/lib/examples';
import type { Example } from './api';

export function loadExamples(): Example[] {
  try {
    return examples();
  } catch {
    return [];
  }
}
