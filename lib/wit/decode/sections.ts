// Sections: the preamble and section walk of a component definition, instances (evaluating nested
// components on instantiation), canonical functions, imports and exports.

import { ComponentFormatError, Reader } from './reader';
import { type Exports, type ComponentRef, Scope, SUPPORTED_VERSION } from './model';
import { TypeDecoder } from './types';

export class Decoder extends TypeDecoder {
  // ---- preamble & sections ------------------------------------------------

  checkPreamble(r: Reader): void {
    const at = r.pos;
    const b = this.bytes;
    const avail = r.end - at;
    const magic = [0x00, 0x61, 0x73, 0x6d];
    for (let i = 0; i < 4; i++) {
      if (i >= avail) {
        if (at === 0) throw new ComponentFormatError('not-wasm', 'not a WebAssembly binary: too short for the \\0asm header', 0);
        r.fail('truncated component header', at);
      }
      if (b[at + i] !== magic[i]) {
        if (at === 0) throw new ComponentFormatError('not-wasm', 'not a WebAssembly binary (bad magic bytes; expected 00 61 73 6d)', 0);
        r.fail('nested component has bad magic bytes', at);
      }
    }
    if (avail < 8) r.fail('truncated WebAssembly header', at + avail);
    // At least 8 bytes are there (above).
    const version = b[at + 4]! | (b[at + 5]! << 8);
    const layer = b[at + 6]! | (b[at + 7]! << 8);
    if (layer === 0) {
      throw new ComponentFormatError(
        'core-module',
        `this is a core WebAssembly module (version ${version}), not a component; ` +
          'wrap it into a component first (e.g. `wasm-tools component new` / jco componentNew)',
        at,
      );
    }
    if (layer !== 1) r.fail(`unknown WebAssembly layer ${layer}`, at + 6);
    if (version !== SUPPORTED_VERSION) {
      throw new ComponentFormatError(
        'unsupported-version',
        `unsupported component binary version 0x${version.toString(16)} (expected 0x${SUPPORTED_VERSION.toString(16)})`,
        at + 4,
      );
    }
    r.pos = at + 8;
  }

  /** Evaluate a component definition (its bytes [start, end)), binding imports to `args` when given. */
  evalComponent(start: number, end: number, parent: Scope | undefined, args?: Exports): Scope {
    if (++this.depth > 100) new Reader(this.bytes, start, end).fail('components nested too deeply');
    try {
      const r = new Reader(this.bytes, start, end);
      this.checkPreamble(r);
      const scope = new Scope(parent);
      while (!r.eof) {
        const idAt = r.pos;
        const id = r.byte();
        if (id > 12) r.fail(`unknown component section id ${id}`, idAt);
        const size = r.u32();
        const s = r.sub(size);
        // Core sections are skipped without looking inside; charge only what gets parsed.
        this.spend(r, id >= 5 && id <= 11 ? 1 + (size >> 4) : 1);
        switch (id) {
          case 0: // custom
          case 1: // core module
          case 2: // core instance
          case 3: // core type
          case 9: // start
          case 12: // value
            break; // core index spaces and values are not needed for signatures
          case 4:
            scope.components.push({ kind: 'def', start: s.pos, end: s.end, parent: scope });
            break;
          case 5:
            this.instanceSection(s, scope);
            break;
          case 6:
            s.vec(() => this.alias(s, scope));
            s.done('alias section');
            break;
          case 7:
            s.vec(() => scope.types.push(this.defType(s, scope)));
            s.done('type section');
            break;
          case 8:
            this.canonSection(s, scope);
            break;
          case 10:
            this.importSection(s, scope, args);
            break;
          case 11:
            this.exportSection(s, scope);
            break;
          default:
            break;
        }
      }
      return scope;
    } finally {
      this.depth--;
    }
  }

  // ---- instance / alias / canon / import / export sections ---------------

  instanceSection(r: Reader, scope: Scope): void {
    r.vec(() => {
      const at = r.pos;
      const tag = r.byte();
      if (tag === 0x00) {
        const cidx = r.u32();
        if (cidx >= scope.components.length) r.fail(`component index ${cidx} out of bounds`, at);
        const args: Exports = new Map();
        r.vec(() => {
          const name = r.string();
          const sAt = r.pos;
          const sort = this.sort(r);
          args.set(name, this.lookup(scope, sort, r.u32(), r, sAt));
        });
        scope.instances.push(this.instantiate(scope.components[cidx]!, args)); // bounds checked above
      } else if (tag === 0x01) {
        const exports: Exports = new Map();
        r.vec(() => {
          const name = this.fullName(this.nameAttrs(r));
          const sAt = r.pos;
          const sort = this.sort(r);
          let item = this.lookup(scope, sort, r.u32(), r, sAt);
          if (item.sort === 'type') item = { sort: 'type', t: this.named(item.t, name) };
          exports.set(name, item);
        });
        scope.instances.push(exports);
      } else {
        r.fail(`unknown instance expression 0x${tag.toString(16)}`, at);
      }
    });
    r.done('instance section');
  }

  instantiate(c: ComponentRef, args: Exports): Exports {
    if (c.kind === 'type') return c.type.exports;
    return this.evalComponent(c.start, c.end, c.parent, args).exports;
  }

  canonOpts(r: Reader): void {
    r.vec(() => {
      const at = r.pos;
      const o = r.byte();
      if (o <= 0x02 || o === 0x06) return;
      if (o === 0x03 || o === 0x04 || o === 0x05 || o === 0x07) {
        r.u32();
        return;
      }
      r.fail(`unknown canonical option 0x${o.toString(16)}`, at);
    });
  }

  canonSection(r: Reader, scope: Scope): void {
    r.vec(() => {
      const at = r.pos;
      const op = r.byte();
      switch (op) {
        case 0x00: {
          // lift
          const fAt = r.pos;
          if (r.byte() !== 0x00) r.fail('expected core func sort in canon lift', fAt);
          r.u32();
          this.canonOpts(r);
          const tAt = r.pos;
          const t = r.u32();
          const ty = scope.types[t];
          if (!ty) r.fail(`type index ${t} out of bounds`, tAt);
          if (ty.k !== 'func') r.fail(`canon lift type ${t} is not a function type`, tAt);
          scope.funcs.push(ty.f);
          break;
        }
        case 0x01: {
          // lower
          const fAt = r.pos;
          if (r.byte() !== 0x00) r.fail('expected func sort in canon lower', fAt);
          r.u32();
          this.canonOpts(r);
          break;
        }
        // one type index immediate
        case 0x02:
        case 0x03:
        case 0x04:
        case 0x07:
        case 0x0e:
        case 0x13:
        case 0x14:
        case 0x15:
        case 0x1a:
        case 0x1b:
          r.u32();
          break;
        // no immediates
        case 0x05:
        case 0x08:
        case 0x0d:
        case 0x1e:
        case 0x1f:
        case 0x22:
        case 0x23:
        case 0x24:
        case 0x25:
        case 0x26:
        case 0x28:
          break;
        case 0x09: // task.return
          this.resultList(r, scope);
          this.canonOpts(r);
          break;
        case 0x0a:
        case 0x0b: // context.get/set
          r.byte();
          r.u32();
          break;
        // one flag byte
        case 0x06:
        case 0x0c:
        case 0x29:
        case 0x2a:
        case 0x2b:
        case 0x2c:
        case 0x2d:
        case 0x42:
          r.byte();
          break;
        case 0x0f:
        case 0x10:
        case 0x16:
        case 0x17: // stream/future read/write
          r.u32();
          this.canonOpts(r);
          break;
        case 0x11:
        case 0x12:
        case 0x18:
        case 0x19: // cancel-read/write
          r.u32();
          r.byte();
          break;
        case 0x1c:
        case 0x1d: // error-context.new / debug-message
          this.canonOpts(r);
          break;
        case 0x20:
        case 0x21: // waitable-set.wait/poll
          r.byte();
          r.u32();
          break;
        case 0x27:
          r.u32();
          r.u32();
          break;
        case 0x40:
          r.byte();
          r.u32();
          break;
        case 0x41:
          r.byte();
          r.u32();
          r.u32();
          break;
        default:
          r.fail(`unknown canonical function 0x${op.toString(16)}`, at);
      }
    });
    r.done('canon section');
  }

  importSection(r: Reader, scope: Scope, args?: Exports): void {
    r.vec(() => {
      const n = this.nameAttrs(r);
      const name = this.fullName(n);
      const etAt = r.pos;
      const declared = this.externType(r, scope, name);
      let item = declared;
      const arg = args?.get(name) ?? (n.name !== name ? args?.get(n.name) : undefined);
      if (arg && arg.sort === declared.sort) item = arg;
      else if (arg && declared.sort !== 'other')
        r.fail(`instantiation argument "${name}" has sort ${arg.sort}, expected ${declared.sort}`, etAt);
      scope.imports.set(name, item);
      this.push(scope, item);
    });
    r.done('import section');
  }

  exportSection(r: Reader, scope: Scope): void {
    r.vec(() => {
      const name = this.fullName(this.nameAttrs(r));
      const sAt = r.pos;
      const sort = this.sort(r);
      let item = this.lookup(scope, sort, r.u32(), r, sAt);
      const hasType = r.byte();
      if (hasType === 0x01) {
        const ascribed = this.externType(r, scope, name);
        // The ascribed type is what importers see; for types, keep identity but take the name.
        if (ascribed.sort === item.sort && ascribed.sort !== 'type') item = ascribed;
      } else if (hasType !== 0x00) {
        r.fail('invalid optional externtype marker', r.pos - 1);
      }
      if (item.sort === 'type') item = { sort: 'type', t: this.named(item.t, name) };
      scope.exports.set(name, item);
      this.push(scope, item);
    });
    r.done('export section');
  }
}
