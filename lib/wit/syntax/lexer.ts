// The WIT lexer: source text to tokens, each with its file, line and column.

import { WitError, type Loc } from './ast';

export type TokKind = 'id' | 'punct' | 'int' | 'version' | 'eof';
export interface Tok extends Loc {
  kind: TokKind;
  value: string;
  escaped: boolean;
}

const PUNCT2 = ['->'];
const PUNCT1 = '{}()<>,;:.=/@*_';
const ID_RE = /[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*/y;
// Semver with optional pre-release/build; pre-release parts are dot separated so `@1.0.0.{a}` stops before `.{`.
const VERSION_RE = /\d+\.\d+\.\d+(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?/y;

export function lex(path: string, text: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const loc = (at: number): Loc => ({ path, line, column: at - lineStart + 1 });
  const newline = (at: number) => {
    line++;
    lineStart = at + 1;
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\n') {
      newline(i);
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\uFEFF') {
      i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      // Block comments nest in WIT.
      const start = loc(i);
      let depth = 0;
      do {
        if (i >= text.length) throw new WitError('unterminated block comment', start);
        if (text[i] === '/' && text[i + 1] === '*') {
          depth++;
          i += 2;
        } else if (text[i] === '*' && text[i + 1] === '/') {
          depth--;
          i += 2;
        } else {
          if (text[i] === '\n') newline(i);
          i++;
        }
      } while (depth > 0);
      continue;
    }
    const at = loc(i);
    const prev = toks[toks.length - 1];
    if (prev && prev.kind === 'punct' && prev.value === '@' && /\d/.test(c)) {
      // `@` followed by a digit only ever starts a package version.
      VERSION_RE.lastIndex = i;
      const m = VERSION_RE.exec(text);
      if (!m) throw new WitError('invalid version: expected semver like 1.2.3', at);
      toks.push({ ...at, kind: 'version', value: m[0], escaped: false });
      i += m[0].length;
      continue;
    }
    if (c === '%' || /[A-Za-z]/.test(c)) {
      const escaped = c === '%';
      ID_RE.lastIndex = escaped ? i + 1 : i;
      const m = ID_RE.exec(text);
      if (!m) throw new WitError(escaped ? 'expected an identifier after `%`' : `unexpected character '${c}'`, at);
      toks.push({ ...at, kind: 'id', value: m[0], escaped });
      i = ID_RE.lastIndex;
      continue;
    }
    if (/\d/.test(c)) {
      let j = i;
      while (j < text.length && /\d/.test(text[j]!)) j++;
      toks.push({ ...at, kind: 'int', value: text.slice(i, j), escaped: false });
      i = j;
      continue;
    }
    const two = text.slice(i, i + 2);
    if (PUNCT2.includes(two)) {
      toks.push({ ...at, kind: 'punct', value: two, escaped: false });
      i += 2;
      continue;
    }
    if (PUNCT1.includes(c)) {
      // `_` directly followed by an identifier char is not valid WIT; treat `_` only as the result placeholder.
      toks.push({ ...at, kind: 'punct', value: c, escaped: false });
      i++;
      continue;
    }
    throw new WitError(`unexpected character '${c}'`, at);
  }
  toks.push({ ...loc(i), kind: 'eof', value: '', escaped: false });
  return toks;
}
