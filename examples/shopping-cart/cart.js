// A shopping cart whose state lives in the worker's memory, as in Golem's
// canonical demo. Kill the worker at any point: the cart comes back.
import { getEnvironment } from 'wasi:cli/environment@0.2.12';
import { getStdout } from 'wasi:cli/stdout@0.2.12';
import { getRandomU64 } from 'wasi:random/random@0.2.12';
import { send } from 'playground:http/client@0.1.0';

let userId = '';
let items = [];

// The guest has no TextEncoder: encodeURIComponent writes the line's UTF-8
// bytes as %XX escapes, and unescape turns each escape into one char code.
function print(line) {
  const bytes = unescape(encodeURIComponent(line + '\n'));
  getStdout().blockingWriteAndFlush(Uint8Array.from(bytes, (b) => b.charCodeAt(0)));
}

export const api = {
  initializeCart(user) {
    userId = user;
    items = [];
    print('cart initialized for ' + user);
  },
  addItem(item) {
    const existing = items.find((i) => i.productId === item.productId);
    if (existing) existing.quantity += item.quantity;
    else items.push({ ...item });
    print('added ' + item.quantity + ' x ' + item.name);
  },
  removeItem(productId) {
    items = items.filter((i) => i.productId !== productId);
    print('removed ' + productId);
  },
  updateItemQuantity(productId, quantity) {
    for (const i of items) if (i.productId === productId) i.quantity = quantity;
    print('quantity of ' + productId + ' is now ' + quantity);
  },
  checkout() {
    if (items.length === 0) return { tag: 'error', val: 'the cart is empty' };
    const total = items.reduce((sum, i) => sum + i.price * i.quantity, 0);
    const orderId = 'order-' + (getRandomU64() % 1000000);
    const url = new Map(getEnvironment()).get('PAYMENT_URL') ?? 'http://127.0.0.1:3000/api/demo/payment';
    let res;
    try {
      res = send({
        method: 'POST',
        url,
        headers: [['content-type', 'application/json']],
        body: JSON.stringify({ userId, orderId, total }),
      });
    } catch (e) {
      return { tag: 'error', val: 'payment service unreachable: ' + e };
    }
    if (res.status !== 200) return { tag: 'error', val: 'payment declined (' + res.status + '): ' + res.body };
    print('paid ' + total.toFixed(2) + ' for ' + orderId);
    items = [];
    return { tag: 'success', val: { orderId } };
  },
  getCartContents() {
    return items;
  },
};
