// Every host function the oplog records, by the name its entries carry
// (`imported-function-invoked.functionName`). Typed: a misspelt name does not
// compile, and code that looks entries up by name uses these constants.

export const HOST_FUNCTIONS = [
  'wasi:cli/environment.get-environment',
  'wasi:cli/environment.get-arguments',
  'wasi:clocks/monotonic-clock.now',
  'wasi:clocks/monotonic-clock.subscribe-instant',
  'wasi:clocks/monotonic-clock.subscribe-duration',
  'wasi:clocks/wall-clock.now',
  'wasi:http/outgoing-handler.handle',
  'playground:http/client.send',
  'wasi:io/poll.block',
  'wasi:io/poll.poll',
  'wasi:random/random.get-random-bytes',
  'wasi:random/random.get-random-u64',
  'wasi:random/insecure.get-insecure-random-bytes',
  'wasi:random/insecure.get-insecure-random-u64',
  'wasi:random/insecure-seed.insecure-seed',
  'golem:api/host.create-promise',
  'golem:api/host.await-promise',
  'golem:api/host.poll-promise',
  'golem:api/host.complete-promise',
  'golem:api/host.delete-promise',
  'golem:api/host.get-oplog-index',
  'golem:api/host.mark-begin-operation',
  'golem:api/host.mark-end-operation',
  'golem:api/host.set-retry-policy',
  'golem:api/host.set-oplog-persistence-level',
  'golem:api/host.set-idempotence-mode',
  'golem:api/host.generate-idempotency-key',
  'golem:api/host.update-worker',
  'golem:api/host.get-self-metadata',
  'golem:api/host.get-worker-metadata',
  'golem:api/host.fork-worker',
  'golem:api/host.revert-worker',
  'golem:api/host.resolve-component-id',
  'golem:api/host.resolve-worker-id',
  'golem:api/host.resolve-worker-id-strict',
  'golem:api/host.fork',
  'golem:api/host.get-workers.get-next',
  'golem:rpc/types.cancellation-token.cancel',
  'golem:api/context.start-span',
  'golem:durability/durability.persist-durable-function-invocation',
  'golem:api/retry.get-retry-policies',
  'golem:api/retry.get-retry-policy-by-name',
  'golem:api/retry.resolve-retry-policy',
  'golem:api/retry.set-retry-policy',
  'golem:api/retry.remove-retry-policy',
  'golem:api/oplog.get-oplog.get-next',
  'golem:api/oplog.search-oplog.get-next',
] as const;

/**
 * A recorded host function; RPC calls carry the call's kind (invoke, invoke-and-await, ...), and the
 * key-value and blob store calls their interface and function (lib/host/keyvalue.ts, blobstore.ts).
 */
export type HostFunction =
  (typeof HOST_FUNCTIONS)[number] | `golem:rpc/types.wasm-rpc.${string}` | `wasi:keyvalue/${string}` | `wasi:blobstore/${string}`;

/** The runtime writes this entry itself: the promise is named by its oplog index. */
export const CREATE_PROMISE = 'golem:api/host.create-promise' satisfies HostFunction;
export const HOST_FORK = 'golem:api/host.fork' satisfies HostFunction;
export const MARK_BEGIN_OPERATION = 'golem:api/host.mark-begin-operation' satisfies HostFunction;
export const MARK_END_OPERATION = 'golem:api/host.mark-end-operation' satisfies HostFunction;
