// The shopping cart's checkout, for the "at least once" lesson. CURE picks how
// the payment request is made:
//   none             a plain POST: a kill while it is in flight sends it again
//   idempotency-key  the POST carries a key from golem's generate-idempotency-key,
//                    recorded before the request leaves, so a repeat carries the
//                    same key and the payment service charges once
//   at-most-once     idempotence mode off: a request that left without a recorded
//                    answer fails the worker instead of being sent again
import { generateIdempotencyKey, setIdempotenceMode } from 'golem:api/host@1.5.0';
import { getEnvironment } from 'wasi:cli/environment@0.2.12';
import { getStdout } from 'wasi:cli/stdout@0.2.12';
import { getRandomU64 } from 'wasi:random/random@0.2.12';
import { send } from 'playground:http/client@0.1.0';

let items = [];

// The guest has no TextEncoder: encodeURIComponent writes the line's UTF-8
// bytes as %XX escapes, and unescape turns each escape into one char code.
function print(line) {
  const bytes = unescape(encodeURIComponent(line + '\n'));
  getStdout().blockingWriteAndFlush(Uint8Array.from(bytes, (b) => b.charCodeAt(0)));
}

function env(name, fallback) {
  for (const [k, v] of getEnvironment()) if (k === name) return v;
  return fallback;
}

export const api = {
  addItem(item) {
    const existing = items.find((i) => i.productId === item.productId);
    if (existing) existing.quantity += item.quantity;
    else items.push({ ...item });
    print('added ' + item.quantity + ' x ' + item.name);
  },
  checkout() {
    if (items.length === 0) return { tag: 'error', val: 'the cart is empty' };
    const total = items.reduce((sum, i) => sum + i.price * i.quantity, 0);
    const orderId = 'order-' + (getRandomU64() % 1000000);
    const cure = env('CURE', 'none');
    const headers = [['content-type', 'application/json']];
    if (cure === 'idempotency-key') {
      const k = generateIdempotencyKey();
      headers.push(['idempotency-key', String(k.highBits) + '-' + String(k.lowBits)]);
    }
    if (cure === 'at-most-once') setIdempotenceMode(false);
    const res = send({
      method: 'POST',
      url: env('PAYMENT_URL', 'http://127.0.0.1:3000/api/demo/payment'),
      headers,
      body: JSON.stringify({ orderId, total }),
    });
    if (res.status !== 200) return { tag: 'error', val: 'payment declined (' + res.status + '): ' + res.body };
    print('paid ' + total.toFixed(2) + ' for ' + orderId);
    items = [];
    return { tag: 'success', val: { orderId } };
  },
  getCartContents() {
    return items;
  },
};
