// WAVE text, read token by token: white space and comments, labels, numbers,
// quoted strings with their escapes, comma separated sequences. The
// type-directed parser (./wave-parse.ts) builds on it; every failure carries
// its position in the text.

import { ValueError } from './errors';

const LABEL_RE = /%?[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*/y;
const NUMBER_RE = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

export interface Label {
  name: string;
  escaped: boolean;
  start: number;
}

export class WaveScanner {
  pos = 0;
  constructor(readonly text: string) {}

  fail(detail: string, path: string, at = this.pos): never {
    throw new ValueError(detail, path, { offset: at, text: this.text });
  }

  ws(): void {
    for (;;) {
      while (this.pos < this.text.length && /\s/.test(this.text[this.pos]!)) this.pos++;
      // `//` comments, as WAVE allows.
      if (this.text.startsWith('//', this.pos)) {
        while (this.pos < this.text.length && this.text[this.pos] !== '\n') this.pos++;
        continue;
      }
      return;
    }
  }

  atEnd(): boolean {
    this.ws();
    return this.pos >= this.text.length;
  }

  peekChar(): string {
    this.ws();
    return this.text[this.pos] ?? '';
  }

  eat(ch: string): boolean {
    if (this.peekChar() === ch) {
      this.pos++;
      return true;
    }
    return false;
  }

  expect(ch: string, path: string): void {
    if (!this.eat(ch)) this.fail(`expected \`${ch}\`, found ${this.found()}`, path);
  }

  /** The upcoming token as written, for "found …" in messages. */
  found(): string {
    this.ws();
    if (this.pos >= this.text.length) return 'end of input';
    const rest = this.text.slice(this.pos);
    const m = /^("(?:[^"\\]|\\.)*"?|'(?:[^'\\]|\\.)*'?|[^\s,()[\]{}:]+|.)/.exec(rest)!;
    const tok = m[0].length > 40 ? `${m[0].slice(0, 40)}…` : m[0];
    return `\`${tok}\``;
  }

  label(): Label | undefined {
    this.ws();
    LABEL_RE.lastIndex = this.pos;
    const m = LABEL_RE.exec(this.text);
    if (!m) return undefined;
    const start = this.pos;
    this.pos += m[0].length;
    const escaped = m[0].startsWith('%');
    return { name: escaped ? m[0].slice(1) : m[0], escaped, start };
  }

  /** A label only if it is exactly `word` (unescaped); otherwise nothing is consumed. */
  keyword(word: string): boolean {
    const save = this.pos;
    const l = this.label();
    if (l && !l.escaped && l.name === word) return true;
    this.pos = save;
    return false;
  }

  number(): { text: string; start: number } | undefined {
    this.ws();
    NUMBER_RE.lastIndex = this.pos;
    const m = NUMBER_RE.exec(this.text);
    if (!m) return undefined;
    // `12abc` is not a number followed by junk we silently drop.
    if (/[A-Za-z0-9_.]/.test(this.text[this.pos + m[0].length] ?? '')) return undefined;
    const start = this.pos;
    this.pos += m[0].length;
    return { text: m[0], start };
  }

  quoted(q: '"' | "'", path: string): string {
    this.ws();
    const start = this.pos;
    if (this.text[this.pos] !== q) return '';
    this.pos++;
    let out = '';
    for (;;) {
      const c = this.text[this.pos];
      if (c === undefined || c === '\n') this.fail(`unterminated ${q === '"' ? 'string' : 'char'} literal`, path, start);
      this.pos++;
      if (c === q) return out;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = this.text[this.pos++];
      switch (e) {
        case 'n':
          out += '\n';
          break;
        case 't':
          out += '\t';
          break;
        case 'r':
          out += '\r';
          break;
        case '\\':
          out += '\\';
          break;
        case '"':
          out += '"';
          break;
        case "'":
          out += "'";
          break;
        case 'u': {
          const m = /^\{([0-9A-Fa-f]{1,6})\}/.exec(this.text.slice(this.pos));
          const cp = m?.[1] ? parseInt(m[1], 16) : -1;
          if (!m || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
            this.fail('invalid escape: expected \\u{…} with a Unicode scalar value in hex', path, this.pos - 2);
          out += String.fromCodePoint(cp);
          this.pos += m[0].length;
          break;
        }
        default:
          this.fail(`invalid escape \`\\${e ?? ''}\` (use \\n \\t \\r \\\\ \\" \\' or \\u{…})`, path, this.pos - 2);
      }
    }
  }

  /** A comma separated list up to `close`, trailing comma allowed. */
  seq(close: string, path: string, item: (i: number) => void): void {
    let i = 0;
    while (!this.eat(close)) {
      if (this.atEnd()) this.fail(`expected \`${close}\`, found end of input`, path);
      item(i++);
      if (!this.eat(',')) {
        this.expect(close, path);
        break;
      }
    }
  }
}
