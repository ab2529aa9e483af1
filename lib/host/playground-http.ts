// playground:http/client — one durable call per request: committed before the
// request leaves, recorded with its response, never sent again on replay.

import { HostError, type HostContext } from './context';

interface Request {
  method: string;
  url: string;
  headers: [string, string][];
  body?: string;
}

export function playgroundHttpImports(ctx: HostContext) {
  return {
    'playground:http/client': {
      send(req: Request) {
        const data = {
          method: req.method.toUpperCase(),
          url: req.url,
          headers: req.headers,
          body: Buffer.from(req.body ?? '', 'utf8').toString('base64'),
        };
        return ctx.durable('playground:http/client.send', 'write-remote', data, () => {
          const r = ctx.httpRequest(data);
          if ('error' in r) throw new HostError(`${r.error}: ${r.message}`);
          return { status: r.status, headers: r.headers, body: Buffer.from(r.body, 'base64').toString('utf8') };
        });
      },
    },
  };
}
