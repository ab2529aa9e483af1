// golem:api/retry@1.5.0: a worker's named retry policies, as Golem 1.5 keeps
// them. Setting or removing one is recorded (write-local) and replay sets it
// again, so the list survives kills; reading the list, one policy or the
// policy that applies to an operation is recorded (read-remote) like Golem.
// Resolution: the properties are `verb`, `noun-uri`, the URI's parts
// (`uri-scheme`, `uri-host`, `uri-port`, `uri-path`) and the caller's own;
// policies are tried by priority (highest first), and the first whose
// predicate matches wins. A predicate on a property the context lacks does not
// match (`not` of it neither), as in Golem. These policies are the guest's to
// read: the runtime's own retries of a trap follow golem:api/host's policy.

import type { HostContext } from './context';

type PredicateValue = { tag: 'text'; val: string } | { tag: 'integer'; val: bigint } | { tag: 'boolean'; val: boolean };
type Comparison = { propertyName: string; value: PredicateValue };
type PredicateNode =
  | { tag: 'prop-eq' | 'prop-neq' | 'prop-gt' | 'prop-gte' | 'prop-lt' | 'prop-lte'; val: Comparison }
  | { tag: 'prop-exists'; val: string }
  | { tag: 'prop-in'; val: { propertyName: string; values: PredicateValue[] } }
  | { tag: 'prop-matches' | 'prop-starts-with' | 'prop-contains'; val: { propertyName: string; pattern: string } }
  | { tag: 'pred-and' | 'pred-or'; val: [number, number] }
  | { tag: 'pred-not'; val: number }
  | { tag: 'pred-true' | 'pred-false' };

export interface NamedRetryPolicy {
  name: string;
  priority: number;
  predicate: { nodes: PredicateNode[] };
  policy: { nodes: unknown[] };
}

type Props = Map<string, PredicateValue>;

const text = (v: PredicateValue) => String(v.val);

function equal(a: PredicateValue, b: PredicateValue): boolean {
  return a.tag === b.tag ? a.val === b.val : text(a) === text(b);
}

function order(a: PredicateValue, b: PredicateValue): number {
  if (a.tag === 'integer' && b.tag === 'integer') return a.val < b.val ? -1 : a.val > b.val ? 1 : 0;
  return text(a) < text(b) ? -1 : text(a) > text(b) ? 1 : 0;
}

/** Shell-style glob: `*` any run of characters, `?` one. */
function glob(pattern: string, s: string): boolean {
  const re = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${re}$`, 's').test(s);
}

/** Whether node `i` matches; `missing`: it asked for a property the context lacks (a non-match that `not` keeps). */
function evaluate(nodes: PredicateNode[], i: number, props: Props, depth = 0): { match: boolean; missing: boolean } {
  const n = nodes[i];
  if (!n || depth > nodes.length) throw new Error(`retry predicate: no node ${i} (or a cycle)`);
  const prop = (name: string) => props.get(name);
  const no = { match: false, missing: true };
  switch (n.tag) {
    case 'pred-true':
      return { match: true, missing: false };
    case 'pred-false':
      return { match: false, missing: false };
    case 'prop-exists':
      return { match: props.has(n.val), missing: false };
    case 'pred-not': {
      const inner = evaluate(nodes, n.val, props, depth + 1);
      return inner.missing ? no : { match: !inner.match, missing: false };
    }
    case 'pred-and':
    case 'pred-or': {
      const a = evaluate(nodes, n.val[0], props, depth + 1);
      const b = evaluate(nodes, n.val[1], props, depth + 1);
      const match = n.tag === 'pred-and' ? a.match && b.match : a.match || b.match;
      return { match, missing: !match && (a.missing || b.missing) };
    }
    case 'prop-in': {
      const v = prop(n.val.propertyName);
      return v ? { match: n.val.values.some((x) => equal(v, x)), missing: false } : no;
    }
    case 'prop-matches':
    case 'prop-starts-with':
    case 'prop-contains': {
      const v = prop(n.val.propertyName);
      if (!v) return no;
      const s = text(v);
      const p = n.val.pattern;
      return {
        match: n.tag === 'prop-matches' ? glob(p, s) : n.tag === 'prop-starts-with' ? s.startsWith(p) : s.includes(p),
        missing: false,
      };
    }
    default: {
      const v = prop(n.val.propertyName);
      if (!v) return no;
      const c = order(v, n.val.value);
      const match =
        n.tag === 'prop-eq'
          ? equal(v, n.val.value)
          : n.tag === 'prop-neq'
            ? !equal(v, n.val.value)
            : n.tag === 'prop-gt'
              ? c > 0
              : n.tag === 'prop-gte'
                ? c >= 0
                : n.tag === 'prop-lt'
                  ? c < 0
                  : c <= 0;
      return { match, missing: false };
    }
  }
}

/** The properties an operation is judged by: verb, noun URI and its parts, then the caller's. */
export function retryProperties(verb: string, nounUri: string, extra: [string, PredicateValue][]): Props {
  const props: Props = new Map([
    ['verb', { tag: 'text', val: verb }],
    ['noun-uri', { tag: 'text', val: nounUri }],
  ]);
  try {
    const u = new URL(nounUri);
    props.set('uri-scheme', { tag: 'text', val: u.protocol.replace(/:$/, '') });
    if (u.hostname) props.set('uri-host', { tag: 'text', val: u.hostname });
    if (u.port) props.set('uri-port', { tag: 'integer', val: BigInt(u.port) });
    props.set('uri-path', { tag: 'text', val: u.pathname });
  } catch {
    // Not a URI: judged by verb, noun-uri and the caller's properties.
  }
  for (const [k, v] of extra) props.set(k, v);
  return props;
}

/** The highest-priority policy whose predicate matches (the first set among equals). */
export function resolvePolicy(policies: NamedRetryPolicy[], props: Props): NamedRetryPolicy | undefined {
  return [...policies]
    .sort((a, b) => b.priority - a.priority)
    .find((p) => p.predicate.nodes.length > 0 && evaluate(p.predicate.nodes, 0, props).match);
}

export function golemRetryImports(ctx: HostContext) {
  // This instance's policies: replaying the recorded set/remove calls rebuilds them.
  let policies: NamedRetryPolicy[] = [];
  const retry = {
    getRetryPolicies: (): NamedRetryPolicy[] => ctx.durable('golem:api/retry.get-retry-policies', 'read-remote', null, () => policies),
    getRetryPolicyByName: (name: string): NamedRetryPolicy | undefined =>
      ctx.durable('golem:api/retry.get-retry-policy-by-name', 'read-remote', { name }, () => policies.find((p) => p.name === name)),
    resolveRetryPolicy: (verb: string, nounUri: string, properties: [string, PredicateValue][]) =>
      ctx.durable(
        'golem:api/retry.resolve-retry-policy',
        'read-remote',
        { verb, nounUri, properties },
        () => resolvePolicy(policies, retryProperties(verb, nounUri, properties))?.policy,
      ),
    setRetryPolicy: (policy: NamedRetryPolicy): void => {
      ctx.durable('golem:api/retry.set-retry-policy', 'write-local', policy, () => null);
      policies = [...policies.filter((p) => p.name !== policy.name), policy];
    },
    removeRetryPolicy: (name: string): void => {
      ctx.durable('golem:api/retry.remove-retry-policy', 'write-local', { name }, () => null);
      policies = policies.filter((p) => p.name !== name);
    },
  };
  return { 'golem:api/retry@1.5.0': retry };
}
