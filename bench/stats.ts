// Percentiles for the bench scripts' figures, in one place. An empty sample
// gives NaN (printed as such) rather than a crash halfway through a run.

/** The p-th percentile of xs (nearest rank, rounding down). */
export const pct = (xs: readonly number[], p: number): number =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;

export const median = (xs: readonly number[]): number => pct(xs, 50);

/** The arithmetic mean; NaN for an empty sample, like the percentiles. */
export const mean = (xs: readonly number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);

export const ms = (x: number): string => `${x.toFixed(1)} ms`;
