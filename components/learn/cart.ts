// Shared by the invincible lesson and the durable-vs-plain page: the products
// one click adds, and what a cart should hold after the adds that succeeded.

// A type, not an interface: it is then a JsonValue, an invocation's argument as it is.
export type CartItem = {
  'product-id': string;
  name: string;
  price: number;
  quantity: number;
};

export const PRODUCTS: Omit<CartItem, 'quantity'>[] = [
  { 'product-id': 'mug', name: 'Mug', price: 8.5 },
  { 'product-id': 'socks', name: 'Socks', price: 4 },
  { 'product-id': 'tea', name: 'Tea', price: 6.25 },
  { 'product-id': 'notebook', name: 'Notebook', price: 3.5 },
  { 'product-id': 'pen', name: 'Pen', price: 1.25 },
  { 'product-id': 'plant', name: 'Plant', price: 12 },
];

export function randomProduct(): CartItem {
  return { ...PRODUCTS[Math.floor(Math.random() * PRODUCTS.length)]!, quantity: 1 }; // PRODUCTS is a non-empty constant
}

/** The cart after adding `item` (the shopping cart's own rule: same product, more of it). */
export function addTo(cart: CartItem[], item: CartItem): CartItem[] {
  const i = cart.findIndex((c) => c['product-id'] === item['product-id']);
  if (i < 0) return [...cart, item];
  return cart.map((c, j) => (j === i ? { ...c, quantity: c.quantity + item.quantity } : c));
}

export function sameCart(a: CartItem[], b: CartItem[]): boolean {
  const key = (c: CartItem[]) => JSON.stringify([...c].map((x) => [x['product-id'], x.quantity]).sort());
  return key(a) === key(b);
}
