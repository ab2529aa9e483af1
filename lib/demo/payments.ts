// The demo payment service's memory: per ledger (one per lesson or compare
// worker, named in the PAYMENT_URL query), every charge it made, whether it
// honours idempotency keys, and a one-shot "hold" that keeps the next request
// waiting after it has charged, so a page can kill the caller while the
// request is in flight. Kept on globalThis: Next bundles each route apart.

export interface Charge {
  orderId: string;
  amount: number;
  at: number;
  idempotencyKey?: string;
}

export interface Ledger {
  charges: Charge[];
  /** Requests answered from an earlier charge because their idempotency key was seen. */
  deduplicated: number;
  /** The next request is held after charging, until released or HOLD_MS. */
  holdNext: boolean;
  /** Requests charged and not answered yet. */
  inFlight: number;
  releases: (() => void)[];
}

const KEY = Symbol.for('durable-playground.demo-payments');
const MAX_LEDGERS = 500;
const MAX_CHARGES = 1000;
export const HOLD_MS = 20_000;

function ledgers(): Map<string, Ledger> {
  const g = globalThis as unknown as Record<symbol, Map<string, Ledger> | undefined>;
  g[KEY] ??= new Map();
  return g[KEY]!;
}

export function ledger(name: string): Ledger {
  const all = ledgers();
  let l = all.get(name);
  if (!l) {
    l = { charges: [], deduplicated: 0, holdNext: false, inFlight: 0, releases: [] };
    all.set(name, l);
    if (all.size > MAX_LEDGERS) all.delete(all.keys().next().value!);
  }
  return l;
}

export function peekLedger(name: string): Ledger | undefined {
  return ledgers().get(name);
}

/**
 * Charges (or, for a key already seen, answers from the earlier charge) and,
 * when a hold was asked for, waits before answering: the charge is made, the
 * answer has not reached the caller yet.
 */
export async function charge(name: string, c: Omit<Charge, 'at'>): Promise<{ charge: Charge; repeated: boolean }> {
  const l = ledger(name);
  // A new request releases a held one: its caller is gone or retrying.
  for (const r of l.releases.splice(0)) r();
  const earlier = c.idempotencyKey ? l.charges.find((x) => x.idempotencyKey === c.idempotencyKey) : undefined;
  if (earlier) {
    l.deduplicated += 1;
    return { charge: earlier, repeated: true };
  }
  const made: Charge = { ...c, at: Date.now() };
  l.charges.push(made);
  if (l.charges.length > MAX_CHARGES) l.charges.shift();
  if (l.holdNext) {
    l.holdNext = false;
    l.inFlight += 1;
    await new Promise<void>((res) => {
      const t = setTimeout(res, HOLD_MS);
      l.releases.push(() => {
        clearTimeout(t);
        res();
      });
    });
    l.inFlight -= 1;
  }
  return { charge: made, repeated: false };
}

export function summary(name: string) {
  const l = peekLedger(name);
  return {
    ledger: name,
    charges: l?.charges ?? [],
    total: Math.round((l?.charges.reduce((s, c) => s + c.amount, 0) ?? 0) * 100) / 100,
    deduplicated: l?.deduplicated ?? 0,
    inFlight: l?.inFlight ?? 0,
    holding: l?.holdNext ?? false,
  };
}
