// Fallback list of examples read from examples/ on the server, used when
// GET /api/examples is not available. Each folder with one .js (or .wat) and
// one .wit file becomes an example.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Example } from './api';

const TITLES: Record<string, string> = {
  counter: 'Counter',
  'shopping-cart': 'Shopping cart',
  'durable-steps': 'Durable steps (workflow)',
};

export function loadExamples(): Example[] {
  const root = path.join(process.cwd(), 'examples');
  let dirs: string[];
  try {
    dirs = readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  } catch {
    return [];
  }
  const out: Example[] = [];
  for (const id of dirs) {
    try {
      const files = readdirSync(path.join(root, id));
      const src = files.find((f) => f.endsWith('.js')) ?? files.find((f) => f.endsWith('.wat'));
      const wit = files.find((f) => f.endsWith('.wit'));
      if (!src || !wit) continue;
      const source = readFileSync(path.join(root, id, src), 'utf8');
      const lead = /^(?:\s*(?:\/\/|;;).*\n?)+/.exec(source)?.[0] ?? '';
      const text = lead.split('\n').map((l) => l.replace(/^\s*(?:\/\/|;;)\s?/, '').trim()).filter(Boolean).join(' ');
      const firstComment = /^.*?[.!?](?=\s|$)/.exec(text)?.[0] ?? text.slice(0, 160);
      out.push({
        id,
        title: TITLES[id] ?? id.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase()),
        description: firstComment,
        kind: src.endsWith('.wat') ? 'wat' : 'js',
        source,
        wit: readFileSync(path.join(root, id, wit), 'utf8'),
      });
    } catch {
      /* skip unreadable example */
    }
  }
  return out;
}
