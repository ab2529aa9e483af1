// WAVE text -> the JSON mapping of a value. Parsing is type-directed: `red` is
// an enum case, a variant case or a flag name depending on the expected type,
// so the WitType drives the parser and every check (ranges, names, arity)
// happens with a position in the text.

import type { Param, WitType } from '../wit/types';
import type { JsonValue } from './json-value';
import { floatToJson, isNestedOption } from './json';
import {
  bigintToJson,
  describe,
  intExpectation,
  inRange,
  is64,
  isChar,
  isIntKind,
  isScalarString,
  NOT_SCALAR_STRING,
  typeLabel,
} from './scalars';
import { WaveScanner } from './wave-scanner';

const field = (path: string, name: string) => (path ? `${path}.${name}` : name);

class WaveParser extends WaveScanner {
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
      case 'string': {
        if (this.peekChar() !== '"') return this.fail(`expected string (like "text"), got ${this.found()}`, path);
        const text = this.quoted('"', path);
        if (!isScalarString(text)) this.fail(NOT_SCALAR_STRING, path, start);
        return text;
      }
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
