// Which addresses a guest's outgoing HTTP may reach. Decided on the address a
// name resolved to (so a public name pointing at 127.0.0.1 or 169.254.169.254
// is refused) and again for every connection, since nothing is followed blindly.

import net from 'node:net';
import os from 'node:os';
import type { SecurityConfig } from './config';

export interface EgressPolicy {
  /** Globally routable addresses are reachable (loopback default; off when exposed). */
  public: boolean;
  /** CIDRs, single addresses or host names always reachable (PLAYGROUND_HTTP_ALLOW). */
  allow: string[];
  /** The app's own port: its demo services (/api/demo/…) on loopback are reachable. */
  appPort?: number;
}

export function egressPolicy(cfg: SecurityConfig): EgressPolicy {
  return { public: !cfg.exposed, allow: cfg.httpAllow, appPort: Number.isInteger(cfg.port) && cfg.port > 0 ? cfg.port : undefined };
}

// Not globally routable: private, loopback, link-local (cloud metadata), shared, documentation, multicast.
const SPECIAL_V4 = [
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.0.0.0/24',
  '192.0.2.0/24',
  '192.168.0.0/16',
  '198.18.0.0/15',
  '198.51.100.0/24',
  '203.0.113.0/24',
  '224.0.0.0/4',
  '240.0.0.0/4',
];
const SPECIAL_V6 = ['::/127', '64:ff9b::/96', '100::/64', '2001:db8::/32', 'fc00::/7', 'fe80::/10', 'fec0::/10', 'ff00::/8'];
const special = new net.BlockList();
for (const [list, type] of [
  [SPECIAL_V4, 'ipv4'],
  [SPECIAL_V6, 'ipv6'],
] as const) {
  for (const c of list) {
    const [addr = '', bits] = c.split('/');
    special.addSubnet(addr, Number(bits), type);
  }
}
const loopback = new net.BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/** `::ffff:1.2.3.4` is 1.2.3.4. */
function plain(address: string): { address: string; type: 'ipv4' | 'ipv6' } {
  const a = address.replace(/^\[|\]$/g, '').toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (mapped?.[1]) return { address: mapped[1], type: 'ipv4' };
  return { address: a, type: net.isIPv6(a) ? 'ipv6' : 'ipv4' };
}

function allowList(entries: string[]): { ranges: net.BlockList; names: Set<string> } {
  const ranges = new net.BlockList();
  const names = new Set<string>();
  for (const e of entries) {
    const [addr = '', bits] = e.split('/');
    const type = net.isIPv4(addr) ? 'ipv4' : net.isIPv6(addr.replace(/^\[|\]$/g, '')) ? 'ipv6' : undefined;
    if (!type) {
      if (bits !== undefined) throw new Error(`PLAYGROUND_HTTP_ALLOW: "${e}" is neither a CIDR nor a host name`);
      names.add(e.toLowerCase());
    } else if (bits === undefined) ranges.addAddress(plain(addr).address, type);
    else {
      const n = Number(bits);
      if (!Number.isInteger(n) || n < 0 || n > (type === 'ipv4' ? 32 : 128))
        throw new Error(`PLAYGROUND_HTTP_ALLOW: bad prefix length in "${e}"`);
      ranges.addSubnet(plain(addr).address, n, type);
    }
  }
  return { ranges, names };
}

const cache = new WeakMap<EgressPolicy, ReturnType<typeof allowList>>();

export interface EgressTarget {
  /** The name in the URL (or the address itself). */
  hostname: string;
  /** The address the connection would go to. */
  address: string;
  port: number;
  /** Path and query as the guest wrote them. */
  path: string;
}

/** This machine's own interface addresses (the app reached by the machine's name). */
function ownAddress(address: string): boolean {
  return Object.values(os.networkInterfaces()).some((list) => list?.some((a) => a.address.toLowerCase() === address));
}

/** The app's demo services, and nothing else of the app's API. */
const DEMO_PATH = /^\/api\/demo\/[A-Za-z0-9_-]+(?:\?[^#]*)?$/;

/** undefined when the request may go, otherwise why not (for the guest and the oplog). */
export function egressRefusal(policy: EgressPolicy, t: EgressTarget): string | undefined {
  let list = cache.get(policy);
  if (!list) cache.set(policy, (list = allowList(policy.allow)));
  const name = t.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const { address, type } = plain(t.address);
  if (list.names.has(name) || list.ranges.check(address, type)) return undefined;
  const isLoopback = loopback.check(address, type);
  if (policy.appPort !== undefined && t.port === policy.appPort && DEMO_PATH.test(t.path) && (isLoopback || ownAddress(address)))
    return undefined;
  const isSpecial = special.check(address, type);
  if (!isSpecial && policy.public) return undefined;
  const what = isLoopback ? 'a loopback address' : isSpecial ? 'a private, link-local or reserved address' : 'a public address';
  const how = policy.public
    ? 'add it to PLAYGROUND_HTTP_ALLOW (a CIDR or the host name) to let guests reach it'
    : 'this playground is exposed on the network, so guests reach only what PLAYGROUND_HTTP_ALLOW lists';
  return `HTTP to ${t.hostname}:${t.port} (${address}) is refused: it is ${what}; ${how}`;
}
