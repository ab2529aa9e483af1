// Local HTTP services the checker tests call, in one place: a guest egress
// policy must allow exactly these addresses.

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CHECK_WORKER_HEADER } from '../lib/checker/probe';
import type { Effect } from '../lib/checker/types';

export const LOCAL_SERVICE_HOST = '127.0.0.1';

/**
 * A payment-like service: answers every request the same way (as the app's
 * demo payment service does) and keeps what each throwaway worker sent.
 */
export async function effectsServer(): Promise<{ url: string; take(workerId: string): Effect[]; close(): Promise<void> }> {
  const seen = new Map<string, Effect[]>();
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const worker = req.headers[CHECK_WORKER_HEADER];
      if (typeof worker === 'string') seen.set(worker, [...(seen.get(worker) ?? []), { service: `${req.method} ${req.url}`, body }]);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 'approved' }));
    });
  });
  await new Promise<void>((r) => server.listen(0, LOCAL_SERVICE_HOST, r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${LOCAL_SERVICE_HOST}:${port}`,
    take(workerId) {
      const out = seen.get(workerId) ?? [];
      seen.delete(workerId);
      return out;
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
}
