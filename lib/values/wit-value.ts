// golem:rpc's wit-value (a value as a flat list of nodes, node 0 the root)
// to and from jco's value shapes, guided by the WIT type it must have. Used
// for worker-to-worker calls: the caller sends wit-values, the callee's
// export signature says what they mean.

import { isPrimitive, type WitType } from '../wit/types';
import { ValueError } from './json';
import { lowerCamel } from './scalars';

export interface WitNode {
  tag: string;
  val?: unknown;
}
export interface WitValue {
  nodes: WitNode[];
}

const PRIM = {
  bool: 'prim-bool',
  u8: 'prim-u8',
  u16: 'prim-u16',
  u32: 'prim-u32',
  u64: 'prim-u64',
  s8: 'prim-s8',
  s16: 'prim-s16',
  s32: 'prim-s32',
  s64: 'prim-s64',
  f32: 'prim-float32',
  f64: 'prim-float64',
  char: 'prim-char',
  string: 'prim-string',
} as const;

/** A wit-value as the jco value of `type` (what jsonToJco would produce). */
export function witValueToJco(type: WitType, value: WitValue): unknown {
  const nodes = value.nodes;
  const at = (i: number, path: string): WitNode => {
    const n = nodes[i];
    if (!n) throw new ValueError(`wit-value has no node ${i}`, path);
    return n;
  };
  const expect = (n: WitNode, tag: string, path: string) => {
    if (n.tag !== tag) throw new ValueError(`expected a ${tag} node, got ${n.tag}`, path);
  };
  const conv = (t: WitType, i: number, path: string): unknown => {
    const n = at(i, path);
    if (isPrimitive(t)) {
      expect(n, PRIM[t.kind], path);
      if (t.kind === 'u64' || t.kind === 's64') return BigInt(n.val as bigint | number);
      return typeof n.val === 'bigint' ? Number(n.val) : n.val;
    }
    switch (t.kind) {
      case 'list': {
        expect(n, 'list-value', path);
        const items = (n.val as number[]).map((c, k) => conv(t.element, c, `${path}[${k}]`));
        return t.element.kind === 'u8' ? Uint8Array.from(items as number[]) : items;
      }
      case 'tuple':
        expect(n, 'tuple-value', path);
        return t.items.map((it, k) => conv(it, (n.val as number[])[k] ?? -1, `${path}[${k}]`));
      case 'record': {
        expect(n, 'record-value', path);
        const out: Record<string, unknown> = {};
        t.fields.forEach((f, k) => (out[lowerCamel(f.name)] = conv(f.type, (n.val as number[])[k] ?? -1, `${path}.${f.name}`)));
        return out;
      }
      case 'variant': {
        expect(n, 'variant-value', path);
        const [caseIdx, child] = n.val as [number, number | undefined];
        const c = t.cases[caseIdx];
        if (!c) throw new ValueError(`variant case ${caseIdx} does not exist`, path);
        return c.type && child !== undefined ? { tag: c.name, val: conv(c.type, child, `${path}.${c.name}`) } : { tag: c.name };
      }
      case 'enum':
        expect(n, 'enum-value', path);
        return t.cases[n.val as number];
      case 'flags': {
        expect(n, 'flags-value', path);
        const out: Record<string, boolean> = {};
        t.flags.forEach((f, k) => (out[lowerCamel(f)] = (n.val as boolean[])[k] === true));
        return out;
      }
      case 'option': {
        expect(n, 'option-value', path);
        const child = n.val as number | undefined;
        const nested = t.inner.kind === 'option';
        if (child === undefined || child === null) return nested ? { tag: 'none' } : undefined;
        const inner = conv(t.inner, child, path);
        return nested ? { tag: 'some', val: inner } : inner;
      }
      case 'result': {
        expect(n, 'result-value', path);
        const r = n.val as { tag: 'ok' | 'err'; val?: number };
        const inner = r.tag === 'ok' ? t.ok : t.err;
        return inner && r.val !== undefined ? { tag: r.tag, val: conv(inner, r.val, `${path}.${r.tag}`) } : { tag: r.tag };
      }
      case 'resource':
        throw new ValueError('resources cannot cross a worker-to-worker call', path);
    }
  };
  return conv(type, 0, '');
}

/** A jco value of `type` as a wit-value. */
export function jcoToWitValue(type: WitType, value: unknown): WitValue {
  const nodes: WitNode[] = [];
  const add = (t: WitType, v: unknown): number => {
    const i = nodes.length;
    nodes.push({ tag: '' });
    let node: WitNode;
    if (isPrimitive(t)) {
      node = { tag: PRIM[t.kind], val: t.kind === 'u64' || t.kind === 's64' ? BigInt(v as bigint) : v };
    } else {
      switch (t.kind) {
        case 'list':
          node = { tag: 'list-value', val: Array.from(v as ArrayLike<unknown>, (x) => add(t.element, x)) };
          break;
        case 'tuple':
          node = { tag: 'tuple-value', val: t.items.map((it, k) => add(it, (v as unknown[])[k])) };
          break;
        case 'record':
          node = { tag: 'record-value', val: t.fields.map((f) => add(f.type, (v as Record<string, unknown>)[lowerCamel(f.name)])) };
          break;
        case 'variant': {
          const { tag, val } = v as { tag: string; val?: unknown };
          const k = t.cases.findIndex((c) => c.name === tag);
          const c = t.cases[k];
          node = { tag: 'variant-value', val: [k, c?.type ? add(c.type, val) : undefined] };
          break;
        }
        case 'enum':
          node = { tag: 'enum-value', val: t.cases.indexOf(v as string) };
          break;
        case 'flags':
          node = { tag: 'flags-value', val: t.flags.map((f) => (v as Record<string, boolean>)[lowerCamel(f)] === true) };
          break;
        case 'option': {
          const nested = t.inner.kind === 'option';
          const present = nested ? (v as { tag: string }).tag === 'some' : v !== undefined && v !== null;
          const inner = nested ? (v as { val?: unknown }).val : v;
          node = { tag: 'option-value', val: present ? add(t.inner, inner) : undefined };
          break;
        }
        case 'result': {
          const { tag, val } = v as { tag: 'ok' | 'err'; val?: unknown };
          const inner = tag === 'ok' ? t.ok : t.err;
          node = { tag: 'result-value', val: { tag, val: inner ? add(inner, val) : undefined } };
          break;
        }
        case 'resource':
          throw new ValueError('resources cannot cross a worker-to-worker call');
      }
    }
    nodes[i] = node;
    return i;
  };
  add(type, value);
  return { nodes };
}
