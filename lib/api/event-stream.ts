// The lifecycle every server-sent-event route shares: framing, a keep-alive
// ping, and one cleanup whether the client aborts or the stream is cancelled.

const enc = new TextEncoder();

/** Sends one event; a no-op once the stream is closed. */
export type SendEvent = (event: string, data: unknown, id?: number) => void;

/**
 * A `text/event-stream` response. `start` sends what it has, subscribes to what
 * comes next and returns the unsubscribe, called exactly once when the stream ends.
 */
export function eventStream(req: Request, start: (send: SendEvent) => () => void): Response {
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let open = true;
      const send: SendEvent = (event, data, id) => {
        if (!open) return;
        controller.enqueue(enc.encode(`${id !== undefined ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
      };
      const unsubscribe = start(send);
      const ping = setInterval(() => open && controller.enqueue(enc.encode(': ping\n\n')), 15000);
      cleanup = () => {
        if (!open) return;
        open = false;
        clearInterval(ping);
        unsubscribe();
        try {
          controller.close();
        } catch {
          /* already closed */
        }
      };
      req.signal.addEventListener('abort', cleanup);
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, {
    headers: {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    },
  });
}
