// Counts in the UI say "1 entry", "2 entries": every count with a noun goes
// through here, so none reads "1 entries".

/** The noun for n of it: `one` for exactly 1, else `many` (the noun + s unless given). */
export function noun(n: number, one: string, many = `${one}s`): string {
  return n === 1 ? one : many;
}

/** n and its noun ("1 entry", "3 entries"); `shown` is how n is written when not as is (1,000). */
export function plural(n: number, one: string, many = `${one}s`, shown: string = String(n)): string {
  return `${shown} ${noun(n, one, many)}`;
}

/** plural with n written as a reader expects a large count ("1,000 invocations"). */
export function counted(n: number, one: string, many = `${one}s`): string {
  return plural(n, one, many, n.toLocaleString('en'));
}
