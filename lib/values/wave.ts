// WAVE (the WebAssembly Value Encoding of wasm-tools) text ⇄ our JSON mapping.
//
// Parsing is type-directed: `red` is an enum case, a variant case or a flag
// name depending on the expected type, so the WitType drives the parser and
// every check (ranges, names, arity) happens with a position in the text.

import type { Param, WitType } from '../wit/types';
import type { JsonValue } from './json-value';
import { ValueError } from './errors';
import { floatToJson, isNestedOption, jsonToJco, jsonInt } from './json';
import { bigintToJson, describe, intExpectation, inRange, is64, isChar, isIntKind, shortestF32, typeLabel } from './scalars';

export { ValueError } from './errors';

/** Labels WAVE reserves; cases/fields spelled like these are written `%name`. */
const KEYWORDS = new Set(['true', 'false', 'some', 'none', 'ok', 'err', 'inf', 'nan']);
const LABEL_RE = /%?[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*/y;
const NUMBER_RE = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

const field = (path: string, name: string) => (path ? `${path}.${name}` : name);

interface Label {
  name: string;
  escaped: boolean;
  start: number;
}

class WaveParser {
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

  value(type: WitType, path: string): JsonValue {
    this.ws();
    const start = this.pos;
    const k = type.kind;
    if (isIntKind(k)) {
      const n = this.number();
      if (!n || !/^-?\d+$/.test(n.text)) {
        this.pos = start;
        this.fail(`expected ${intExpectation(k)}, got ${this.found()}`, path, start);
      }
      const v = BigInt(n.text);
      if (!inRange(k, v)) this.fail(`expected ${intExpectation(k)}, got ${n.text}`, path, start);
      return is64(k) ? bigintToJson(v) : Number(v);
    }
    switch (type.kind) {
      case 'bool':
        if (this.keyword('true')) return true;
        if (this.keyword('false')) return false;
        return this.fail(`expected bool (true or false), got ${this.found()}`, path);
      case 'f32':
      case 'f64': {
        if (this.keyword('nan')) return 'NaN';
        if (this.keyword('inf')) return 'Infinity';
        if (this.text.startsWith('-inf', this.pos) && !/[A-Za-z0-9-]/.test(this.text[this.pos + 4] ?? '')) {
          this.pos += 4;
          return '-Infinity';
        }
        const n = this.number();
        if (!n) return this.fail(`expected ${type.kind} (a number, nan, inf or -inf), got ${this.found()}`, path);
        return floatToJson(type.kind, type.kind === 'f32' ? Math.fround(Number(n.text)) : Number(n.text));
      }
      case 'char': {
        if (this.peekChar() !== "'") return this.fail(`expected char (like 'a'), got ${this.found()}`, path);
        const s = this.quoted("'", path);
        if (!isChar(s)) this.fail(`expected exactly one character between the quotes, got ${describe(s)}`, path, start);
        return s;
      }
      case 'string':
        if (this.peekChar() !== '"') return this.fail(`expected string (like "text"), got ${this.found()}`, path);
        return this.quoted('"', path);
      case 'list': {
        if (this.peekChar() !== '[') return this.fail(`expected a list like [a, b], got ${this.found()}`, path);
        this.pos++;
        const out: JsonValue[] = [];
        this.seq(']', path, (i) => out.push(this.value(type.element, `${path}[${i}]`)));
        return out;
      }
      case 'tuple': {
        if (this.peekChar() !== '(') return this.fail(`expected a tuple of ${type.items.length} like (a, b), got ${this.found()}`, path);
        this.pos++;
        const out: JsonValue[] = [];
        this.seq(')', path, (i) => {
          const item = type.items[i];
          if (!item) return this.fail(`too many tuple items: expected ${type.items.length}`, path);
          out.push(this.value(item, `${path}[${i}]`));
        });
        if (out.length !== type.items.length) this.fail(`expected a tuple of ${type.items.length}, got ${out.length} item(s)`, path, start);
        return out;
      }
      case 'record': {
        if (this.peekChar() !== '{')
          return this.fail(`expected ${type.name ? `record ${type.name}` : 'a record'} like {field: value}, got ${this.found()}`, path);
        this.pos++;
        const out: { [k: string]: JsonValue } = {};
        if (this.eat(':')) {
          this.expect('}', path);
        } else {
          this.seq('}', path, () => {
            const l = this.label();
            if (!l) this.fail(`expected a field name, found ${this.found()}`, path);
            const f = type.fields.find((x) => x.name === l.name);
            if (!f) this.fail(`unknown field \`${l.name}\` (fields are: ${type.fields.map((x) => x.name).join(', ')})`, path, l.start);
            if (l.name in out) this.fail(`field \`${l.name}\` given twice`, path, l.start);
            this.expect(':', path);
            out[l.name] = this.value(f.type, field(path, l.name));
          });
        }
        const ordered: { [k: string]: JsonValue } = {};
        for (const f of type.fields) {
          // Option fields may be left out: they are none.
          if (!(f.name in out) && f.type.kind !== 'option') this.fail(`missing field \`${f.name}\``, path, start);
          ordered[f.name] = out[f.name] ?? null;
        }
        return ordered;
      }
      case 'variant': {
        const l = this.label();
        const names = type.cases.map((c) => c.name);
        if (!l) return this.fail(`expected one of ${names.join(', ')}; got ${this.found()}`, path);
        const c = type.cases.find((x) => x.name === l.name);
        if (!c) return this.fail(`expected one of ${names.join(', ')}; got \`${l.name}\``, path, l.start);
        if (!c.type) {
          if (this.peekChar() === '(') this.fail(`case \`${c.name}\` has no payload`, path);
          return { [c.name]: null };
        }
        if (this.peekChar() !== '(') this.fail(`case \`${c.name}\` needs a payload: ${c.name}(…)`, path);
        this.pos++;
        const v = this.value(c.type, field(path, c.name));
        this.expect(')', path);
        return { [c.name]: v };
      }
      case 'enum': {
        const l = this.label();
        if (!l || !type.cases.includes(l.name)) {
          return this.fail(`expected one of ${type.cases.join(', ')}; got ${l ? `\`${l.name}\`` : this.found()}`, path, l?.start);
        }
        return l.name;
      }
      case 'flags': {
        if (this.peekChar() !== '{')
          return this.fail(`expected flags like {${type.flags.slice(0, 2).join(', ')}}, got ${this.found()}`, path);
        this.pos++;
        const set = new Set<string>();
        this.seq('}', path, () => {
          const l = this.label();
          if (!l || !type.flags.includes(l.name)) {
            this.fail(`expected one of ${type.flags.join(', ')}; got ${l ? `\`${l.name}\`` : this.found()}`, path, l?.start);
          }
          set.add(l.name);
        });
        return type.flags.filter((f) => set.has(f));
      }
      case 'option': {
        const wrap = (v: JsonValue): JsonValue => (isNestedOption(type) ? { some: v } : v);
        const save = this.pos;
        if (this.keyword('none')) {
          if (this.peekChar() !== '(') return null;
          this.pos = save;
        }
        if (this.keyword('some')) {
          if (this.peekChar() === '(') {
            this.pos++;
            const v = this.value(type.inner, path);
            this.expect(')', path);
            return wrap(v);
          }
          this.pos = save;
        }
        // A bare value means some(value), unless that could be read two ways.
        if (type.inner.kind === 'option')
          return this.fail(`expected some(…) or none for an option of an option, got ${this.found()}`, path);
        return wrap(this.value(type.inner, path));
      }
      case 'result': {
        const l = this.label();
        if (!l || l.escaped || (l.name !== 'ok' && l.name !== 'err')) {
          return this.fail(`expected ok(…) or err(…), got ${l ? `\`${l.name}\`` : this.found()}`, path, l?.start);
        }
        const tag = l.name;
        const t = tag === 'ok' ? type.ok : type.err;
        if (!t) {
          if (this.peekChar() === '(') this.fail(`this result's ${tag} has no value; write just \`${tag}\``, path);
          return { [tag]: null };
        }
        if (this.peekChar() !== '(') this.fail(`\`${tag}\` needs a value here: ${tag}(…)`, path);
        this.pos++;
        const v = this.value(t, field(path, tag));
        this.expect(')', path);
        return { [tag]: v };
      }
      case 'resource':
        return this.fail(`${typeLabel(type)} is a resource handle, which cannot be written as a value`, path);
    }
    return this.fail(`unsupported type ${(type as { kind: string }).kind}`, path);
  }
}

/** Parses WAVE text into the JSON mapping of the value. */
export function parseWave(type: WitType, text: string): JsonValue {
  const p = new WaveParser(text);
  if (p.atEnd()) p.fail(`expected a value of type ${typeLabel(type)}, found nothing`, '');
  const v = p.value(type, '');
  if (!p.atEnd()) p.fail(`unexpected ${p.found()} after the value`, '');
  return v;
}

/** Parses a comma separated argument list, as typed in a form: `"apple", 3`. */
export function parseWaveArgs(params: Param[], text: string): JsonValue[] {
  const p = new WaveParser(text);
  const sig = params.map((x) => x.name).join(', ');
  const out: JsonValue[] = [];
  params.forEach((param, i) => {
    if (p.atEnd()) {
      p.fail(`missing argument \`${param.name}\`: expected ${params.length} argument(s) (${sig}), got ${i}`, `args[${i}]`);
    }
    out.push(p.value(param.type, `args[${i}]`));
    if (i < params.length - 1 && !p.eat(',')) {
      if (p.atEnd())
        p.fail(
          `missing argument \`${params[i + 1]?.name}\`: expected ${params.length} argument(s) (${sig}), got ${i + 1}`,
          `args[${i + 1}]`,
        );
      p.fail(`expected \`,\` between arguments, found ${p.found()}`, `args[${i}]`);
    }
  });
  p.eat(',');
  if (!p.atEnd()) {
    p.fail(
      params.length
        ? `too many arguments: expected ${params.length} (${sig}), found more: ${p.found()}`
        : `this function takes no arguments, found ${p.found()}`,
      '',
    );
  }
  return out;
}

// ------------------------------------------------------------ printing

const label = (name: string) => (KEYWORDS.has(name) ? `%${name}` : name);

function quote(s: string, q: '"' | "'"): string {
  let out = q;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === q) out += `\\${q}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (cp < 0x20 || cp === 0x7f) out += `\\u{${cp.toString(16)}}`;
    else out += ch;
  }
  return out + q;
}

function printFloat(kind: 'f32' | 'f64', v: JsonValue): string {
  if (v === 'NaN') return 'nan';
  if (v === 'Infinity') return 'inf';
  if (v === '-Infinity') return '-inf';
  const n = v as number;
  return String(kind === 'f32' ? shortestF32(Math.fround(n)) : n);
}

/** Renders a JSON-mapped value as WAVE text. Throws ValueError if the value doesn't fit the type. */
export function printWave(type: WitType, json: JsonValue): string {
  jsonToJco(type, json); // validation only: the printer below trusts the shape
  return print(type, json);
}

function print(type: WitType, v: JsonValue | undefined): string {
  const k = type.kind;
  if (isIntKind(k)) return jsonInt(k, v, '').toString();
  switch (type.kind) {
    case 'bool':
      return v ? 'true' : 'false';
    case 'f32':
    case 'f64':
      return printFloat(type.kind, v as JsonValue);
    case 'char':
      return quote(v as string, "'");
    case 'string':
      return quote(v as string, '"');
    case 'list':
      return `[${(v as JsonValue[]).map((x) => print(type.element, x)).join(', ')}]`;
    case 'tuple':
      return `(${type.items.map((t, i) => print(t, (v as JsonValue[])[i] ?? null)).join(', ')})`;
    case 'record': {
      if (type.fields.length === 0) return '{:}';
      const o = v as { [k: string]: JsonValue };
      return `{${type.fields.map((f) => `${label(f.name)}: ${print(f.type, o[f.name] ?? null)}`).join(', ')}}`;
    }
    case 'variant': {
      const entry = typeof v === 'string' ? ([v, null] as const) : Object.entries(v as { [k: string]: JsonValue })[0];
      if (!entry) throw new Error('a variant value needs one case key');
      const [name, payload] = entry;
      const c = type.cases.find((x) => x.name === name)!;
      return c.type ? `${label(name)}(${print(c.type, payload)})` : label(name);
    }
    case 'enum':
      return label(v as string);
    case 'flags': {
      const set = new Set(v as string[]);
      return `{${type.flags
        .filter((f) => set.has(f))
        .map(label)
        .join(', ')}}`;
    }
    case 'option': {
      if (v === null || v === undefined) return 'none';
      const inner = isNestedOption(type) ? (v as { some: JsonValue }).some : v;
      return `some(${print(type.inner, inner)})`;
    }
    case 'result': {
      const entry = Object.entries(v as { [k: string]: JsonValue })[0];
      if (!entry) throw new Error('a result value needs an ok or err key');
      const [tag, payload] = entry;
      const t = tag === 'ok' ? type.ok : type.err;
      return t ? `${tag}(${print(t, payload)})` : tag;
    }
    case 'resource':
      throw new ValueError(`${typeLabel(type)} is a resource handle, which cannot be written as a value`);
  }
  throw new ValueError(`unsupported type ${(type as { kind: string }).kind}`);
}
