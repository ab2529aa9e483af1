// The parser's cursor over tokens: look-ahead, expect/eat helpers and errors that say what was expected.

import { WitError, type Loc } from './ast';
import { lex, type Tok } from './lexer';

// Every registration parses the host's WIT packages again (≈ 0.2 CPU s of lexing):
// their tokens are kept by path, and reused while the text is the same. Tokens
// are never changed once lexed. A few hundred paths at most (then it starts over).
const lexedByPath = new Map<string, { text: string; toks: Tok[] }>();
const MAX_LEXED = 256;
function lexed(path: string, text: string): Tok[] {
  const hit = lexedByPath.get(path);
  if (hit?.text === text) return hit.toks;
  const toks = lex(path, text);
  if (lexedByPath.size >= MAX_LEXED) lexedByPath.clear();
  lexedByPath.set(path, { text, toks });
  return toks;
}

export class TokenStream {
  private i = 0;
  private readonly toks: Tok[];

  constructor(
    protected readonly path: string,
    text: string,
  ) {
    this.toks = lexed(path, text);
  }

  // lex() always ends with an eof token, so the list is never empty.
  protected peek(n = 0): Tok {
    return this.toks[Math.min(this.i + n, this.toks.length - 1)]!;
  }
  protected next(): Tok {
    const t = this.peek();
    if (t.kind !== 'eof') this.i++;
    return t;
  }
  protected isP(v: string, n = 0): boolean {
    const t = this.peek(n);
    return t.kind === 'punct' && t.value === v;
  }
  /** An unescaped identifier equal to the keyword. */
  protected isK(v: string, n = 0): boolean {
    const t = this.peek(n);
    return t.kind === 'id' && !t.escaped && t.value === v;
  }
  protected eatP(v: string): boolean {
    if (this.isP(v)) {
      this.i++;
      return true;
    }
    return false;
  }
  protected eatK(v: string): boolean {
    if (this.isK(v)) {
      this.i++;
      return true;
    }
    return false;
  }

  protected describe(t: Tok): string {
    if (t.kind === 'eof') return 'end of file';
    return `\`${t.escaped ? '%' : ''}${t.value}\``;
  }
  protected fail(what: string, t = this.peek()): never {
    throw new WitError(`expected ${what}, found ${this.describe(t)}`, t);
  }
  protected expectP(v: string): Tok {
    if (!this.isP(v)) this.fail(`\`${v}\``);
    return this.next();
  }
  protected expectK(v: string): Tok {
    if (!this.isK(v)) this.fail(`\`${v}\``);
    return this.next();
  }
  protected ident(what = 'an identifier'): Tok {
    if (this.peek().kind !== 'id') this.fail(what);
    return this.next();
  }

  /** Feature gates (`@since(...)`, `@unstable(...)`, `@deprecated(...)`) carry no meaning here. */
  protected skipGates(): void {
    while (this.isP('@') && this.peek(1).kind === 'id') {
      this.next();
      this.next();
      if (!this.isP('(')) continue;
      const open = this.next();
      let depth = 1;
      while (depth > 0) {
        const t = this.next();
        if (t.kind === 'eof') throw new WitError('unterminated feature gate', open);
        if (t.kind === 'punct' && t.value === '(') depth++;
        if (t.kind === 'punct' && t.value === ')') depth--;
      }
    }
  }

  protected dupMember(seen: Map<string, Loc>, t: Tok, what: string, owner: string): void {
    const prev = seen.get(t.value);
    if (prev) throw new WitError(`duplicate ${what} \`${t.value}\` in \`${owner}\` (first at line ${prev.line}, column ${prev.column})`, t);
    seen.set(t.value, t);
  }

  /** `{ a, b, c }` with an optional trailing comma. */
  protected braceList(item: () => void): void {
    this.expectP('{');
    while (!this.isP('}')) {
      this.skipGates();
      if (this.isP('}')) break;
      item();
      if (!this.eatP(',')) break;
    }
    this.expectP('}');
  }

  protected angle<T>(f: () => T): T {
    this.expectP('<');
    const v = f();
    this.expectP('>');
    return v;
  }
}
