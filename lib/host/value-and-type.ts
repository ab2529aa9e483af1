// A recorded value as golem:core's value-and-type (a wit-value node tree and
// a wit-type node tree, roots at node 0), in jco's shapes. The oplog keeps
// JSON and codec values without their WIT types, so the type is read off the
// value: strings, booleans, integers (s64; u64 when a BigInt is positive),
// other numbers (f64), bytes (list<u8>), arrays (tuples: their items may
// differ), objects (records, fields in order), null (an option that is none).

type Node = { tag: string; val?: unknown };

export interface ValueAndType {
  value: { nodes: Node[] };
  typ: { nodes: { name?: string; owner?: string; type: Node }[] };
}

export function valueAndType(v: unknown): ValueAndType {
  const values: Node[] = [];
  const types: Node[] = [];
  const add = (x: unknown): number => {
    const at = values.length;
    values.push({ tag: 'prim-bool', val: false });
    types.push({ tag: 'prim-bool-type' });
    const [value, type] = node(x);
    values[at] = value;
    types[at] = type;
    return at;
  };
  const node = (x: unknown): [Node, Node] => {
    if (typeof x === 'string') return [{ tag: 'prim-string', val: x }, { tag: 'prim-string-type' }];
    if (typeof x === 'boolean') return [{ tag: 'prim-bool', val: x }, { tag: 'prim-bool-type' }];
    if (typeof x === 'bigint')
      return x >= 0n ? [{ tag: 'prim-u64', val: x }, { tag: 'prim-u64-type' }] : [{ tag: 'prim-s64', val: x }, { tag: 'prim-s64-type' }];
    if (typeof x === 'number')
      return Number.isSafeInteger(x)
        ? [{ tag: 'prim-s64', val: BigInt(x) }, { tag: 'prim-s64-type' }]
        : [{ tag: 'prim-float64', val: x }, { tag: 'prim-f64-type' }];
    if (x === null || x === undefined) {
      // none of an option whose inner type is the unit record.
      const inner = add({});
      return [
        { tag: 'option-value', val: undefined },
        { tag: 'option-type', val: inner },
      ];
    }
    if (x instanceof Uint8Array) {
      const byte = (b: number) => {
        values.push({ tag: 'prim-u8', val: b });
        types.push({ tag: 'prim-u8-type' });
        return values.length - 1;
      };
      const items = Array.from(x, byte);
      return [
        { tag: 'list-value', val: items },
        { tag: 'list-type', val: items[0] ?? byte(0) },
      ];
    }
    if (ArrayBuffer.isView(x)) return node(Array.from(x as unknown as ArrayLike<number | bigint>));
    if (Array.isArray(x)) {
      const items = x.map(add);
      return [
        { tag: 'tuple-value', val: items },
        { tag: 'tuple-type', val: items },
      ];
    }
    if (typeof x === 'object') {
      const fields = Object.entries(x as Record<string, unknown>).map(([k, f]) => [k, add(f)] as const);
      return [
        { tag: 'record-value', val: fields.map(([, i]) => i) },
        { tag: 'record-type', val: fields.map(([k, i]) => [k, i]) },
      ];
    }
    return [{ tag: 'prim-string', val: String(x) }, { tag: 'prim-string-type' }];
  };
  add(v);
  return { value: { nodes: values }, typ: { nodes: types.map((type) => ({ name: undefined, owner: undefined, type })) } };
}
