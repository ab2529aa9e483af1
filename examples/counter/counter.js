// A counter that lives in the worker's memory: durability keeps it.
let total = 0;

export const api = {
  add(n) {
    total += n;
    return total;
  },
  get() {
    return total;
  },
  reset() {
    total = 0;
  },
};
