// A WIT interface reduced to its signatures: comments and layout dropped, one
// line per item (type, use, function), sorted; digested to compare our WIT
// with Golem's published files without keeping their text (test/golem-wit.test.ts).

import { createHash } from 'node:crypto';

export interface InterfaceSignature {
  /** `golem:api@1.3.0/host` */
  id: string;
  items: string[];
  digest: string;
}

function squeeze(wit: string): string {
  return wit
    .replace(/\/\/[^\n]*/g, '')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/ ?([{}();:,<>=.]) ?/g, '$1')
    .replace(/,([}>)])/g, '$1')
    .trim();
}

/** Every interface of a WIT file (one package), by signature. */
export function witSignatures(wit: string): InterfaceSignature[] {
  const text = squeeze(wit);
  const pkg = /package ([^;]+);/.exec(text)?.[1];
  if (!pkg) throw new Error('no package declaration');
  const out: InterfaceSignature[] = [];
  const re = /(?:^|[;}])interface ([a-z0-9-]+)\{/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const items: string[] = [];
    let depth = 1;
    let start = re.lastIndex;
    let i = start;
    for (; i < text.length && depth > 0; i++) {
      const c = text[i];
      if (c === '{') depth++;
      else if (c === '}') {
        depth--;
        if (depth === 1) {
          items.push(text.slice(start, i + 1).trim());
          start = i + 1;
        }
      } else if (c === ';' && depth === 1) {
        items.push(text.slice(start, i + 1).trim());
        start = i + 1;
      }
    }
    // Back onto the closing brace: the next interface may follow it directly.
    re.lastIndex = i - 1;
    const sorted = items.filter(Boolean).sort();
    out.push({ id: `${pkg}/${m[1]}`, items: sorted, digest: createHash('sha256').update(sorted.join('\n')).digest('hex') });
  }
  return out;
}
