// The first request to each Next route loads its server modules: ~0.7 s of
// a first visit's 2.7 s at 100,000 entries (bench/ui-history.ts, the cold
// open's document 0.94 s vs 0.21 s warm). Paid here, at start, in the
// background, for the pages a visitor opens first. Pages only: their server
// render reads nothing (the data comes later over the API), so this starts
// no runtime and creates nothing.

import http from 'node:http';

const PATHS = ['/', '/workers/_/_', '/workers/_/_/replay', '/workers', '/components', '/learn'];

export async function prewarm(port: number, token?: string): Promise<void> {
  for (const path of PATHS) {
    await new Promise<void>((resolve) => {
      const req = http.get(
        { host: '127.0.0.1', port, path, headers: { host: `localhost:${port}`, ...(token ? { authorization: `Bearer ${token}` } : {}) } },
        (res) => res.resume().on('end', resolve).on('error', resolve),
      );
      req.on('error', () => resolve());
      req.setTimeout(30_000, () => req.destroy());
    });
  }
}
