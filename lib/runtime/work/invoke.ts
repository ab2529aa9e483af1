// An invocation request: checked against the worker's exports, matched to a
// prior invocation with the same idempotency key, recorded as pending unless
// it runs at once on an idle worker, then posted to the worker's thread.

import { randomUUID } from 'node:crypto';
import { findFunction } from '../../components/functions';
import { qualifiedName, type WitFunction } from '../../wit/types';
import { jsonToJco, ValueError } from '../../values/json';
import { parseWaveArgs } from '../../values/wave';
import type { JsonValue } from '../../values/json-value';
import { hasEnded } from '../../oplog/history';
import { EngineError } from '../errors';
import type { Kernel } from '../kernel';
import type { Resident } from '../pool/resident';
import { THREAD_ENDED } from '../pool/outcomes';
import type { InvokeRequest, InvokeResult } from '../types';

/** Each argument must fit its parameter's type; a misfit is the caller's error. */
export function checkArgs(f: WitFunction, args: JsonValue[]): void {
  try {
    f.params.forEach((p, i) => jsonToJco(p.type, args[i], `args[${i}] (${p.name})`));
  } catch (e) {
    if (e instanceof ValueError) throw new EngineError(e.message);
    throw e;
  }
}

export async function invoke(k: Kernel, workerId: string, req: InvokeRequest): Promise<InvokeResult> {
  const row = k.records.live(workerId);
  const version = k.components.getVersion(row.componentName, row.version);
  if (!version) throw new EngineError(`component ${row.componentName} v${row.version} of this worker no longer exists`, 409);
  if (typeof req.function !== 'string' || !req.function) throw new EngineError('say which function to invoke ("function")');
  const f = findFunction(version.exports, req.function);
  if (!f) {
    throw new EngineError(
      `${row.componentName} v${row.version} exports no function "${req.function}"; it exports: ${version.exports.map(qualifiedName).join(', ')}`,
      404,
    );
  }
  const fn = qualifiedName(f);
  let args: JsonValue[];
  try {
    if (req.wave !== undefined) args = parseWaveArgs(f.params, req.wave);
    else {
      args = req.args ?? [];
      if (!Array.isArray(args)) throw new EngineError('"args" must be a JSON array');
      if (args.length !== f.params.length) {
        throw new EngineError(`${fn} takes ${f.params.length} argument(s) (${f.params.map((p) => p.name).join(', ')}), got ${args.length}`);
      }
      checkArgs(f, args);
    }
  } catch (e) {
    if (e instanceof ValueError) throw new EngineError(e.message);
    throw e;
  }
  if (
    req.idempotencyKey !== undefined &&
    (typeof req.idempotencyKey !== 'string' || !req.idempotencyKey || req.idempotencyKey.length > 200)
  ) {
    throw new EngineError('idempotencyKey must be a non-empty string of at most 200 characters');
  }
  const key = req.idempotencyKey ?? randomUUID();
  let scheduledAt: number | undefined;
  if (req.scheduleAt !== undefined) {
    scheduledAt = typeof req.scheduleAt === 'number' ? req.scheduleAt : Date.parse(req.scheduleAt);
    if (!Number.isFinite(scheduledAt))
      throw new EngineError(`scheduleAt must be an ISO time or epoch milliseconds, got ${JSON.stringify(req.scheduleAt)}`);
  }
  const wait = req.wait !== false && scheduledAt === undefined;

  // A key we generate is new by construction; only a caller's key can repeat.
  const prior = req.idempotencyKey === undefined ? undefined : k.work.invocationOf(workerId, key);
  if (prior) {
    refuseOtherFunction(key, fn, prior.functionName);
    if (prior.state === 'finished') return { idempotencyKey: key, result: prior.result ?? null };
    // Nothing will ever run it: attached to, the caller would wait for good. (Golem forgets a cancelled key and runs
    // the next call with it anew; here a key names one invocation in the oplog, and that one was cancelled.)
    if (prior.state === 'cancelled')
      throw new EngineError(`invocation ${key} was cancelled before it started; to run it, send it with a new idempotency key`, 409);
    if (prior.state === 'reverted')
      throw new EngineError(
        `invocation ${key} was reverted (a revert dropped its run); to run it again, send it with a new idempotency key`,
        409,
      );
    // An error with a retry ahead is not the end of the invocation.
    if (prior.state === 'failed' || prior.state === 'exited') {
      throw new EngineError(
        prior.state === 'failed' ? `the invocation failed: ${prior.error}` : 'the worker exited during this invocation',
        409,
      );
    }
    // Recorded and not run yet, on a worker that takes nothing more: attached to, the caller would wait for good.
    refuseIfEnded(k, workerId);
    // Already recorded, not finished: attach to it (a suspended or retrying worker comes back by itself).
    const r = k.residents.of(workerId);
    const waiting = wait ? r.waitFor(key) : undefined;
    const st = k.statuses.get(workerId).status;
    if (st === 'suspended' || st === 'retrying') r.outstanding.add(key);
    else await k.residents.ensureThread(workerId);
    return waiting ? { idempotencyKey: key, result: await waiting } : { idempotencyKey: key, queued: true };
  }

  const s = refuseIfEnded(k, workerId);

  const plain = k.records.isPlain(workerId);
  if (plain && scheduledAt !== undefined)
    throw new EngineError(`worker ${workerId} is a plain worker (durable: false): nothing records a scheduled invocation for it`, 409);
  const r = k.residents.of(workerId);
  if (plain && req.idempotencyKey !== undefined) {
    const attached = plainRepeat(k, workerId, key, fn, r, wait);
    if (attached) return attached;
  }
  // The same key a moment ago, taken and not recorded yet: that call, not a second one under its key. (Not awaited,
  // it is recorded below before it is acknowledged; the thread runs a key once, and the record keeps it if the
  // taken call is lost in a kill.)
  const taken = r.taken.get(key);
  refuseOtherFunction(key, fn, taken);
  if (taken !== undefined && wait) return { idempotencyKey: key, result: await r.waitFor(key) };
  // An awaited call on an idle worker needs no pending entry: until its
  // invoked entry is written nothing was acknowledged, and a retry with the
  // key is safe. Everything else is recorded before we answer. (Not while its thread saves a snapshot or is being
  // stopped, by an update for instance: the call would wait there unrecorded, and the thread's end would lose it.)
  const direct = wait && r.outstanding.size === 0 && s.status === 'idle' && !r.snapshotting && !r.stop;
  if (direct && !plain && req.idempotencyKey !== undefined) r.taken.set(key, fn);
  if (!direct && !plain) {
    // Durable before acknowledged: an enqueued invocation survives any crash.
    k.append(workerId, [
      {
        kind: 'pending-worker-invocation',
        functionName: fn,
        args,
        idempotencyKey: key,
        ...(scheduledAt !== undefined ? { scheduledAt } : {}),
      },
    ]);
  }
  if (scheduledAt !== undefined && scheduledAt > Date.now()) {
    k.work.schedule(workerId, key, scheduledAt);
    return { idempotencyKey: key, queued: true };
  }
  if (s.status === 'suspended' || s.status === 'retrying') {
    // Recorded as pending: it runs after the waiting invocation, once the worker is back.
    r.outstanding.add(key);
    if (!wait) return { idempotencyKey: key, queued: true };
    return { idempotencyKey: key, result: await r.waitFor(key) };
  }
  const waiting = wait ? r.waitFor(key) : undefined;
  r.outstanding.add(key);
  try {
    await k.residents.ensureThread(workerId);
  } catch (e) {
    // Nothing recorded it: nothing will run it, and its key must not stay owed (a retry would wait on it for good).
    if (direct) r.answer(key, { error: e instanceof Error ? e : new Error(String(e)) });
    throw e;
  }
  // Cancelled, reverted, answered or dropped by a kill meanwhile: it must not run now (a recorded call that is still
  // wanted runs from the oplog at the next recovery). A direct call whose thread went before it was posted (a kill
  // during the start, for instance) is told to retry, as one caught on the thread (pool/outcomes.ts).
  if (r.outstanding.has(key)) {
    if (r.thread) r.send({ type: 'invoke', key, functionName: fn, args });
    else if (direct) r.answer(key, { error: new EngineError(THREAD_ENDED, 503) });
  }
  if (!waiting) return { idempotencyKey: key, queued: true };
  return { idempotencyKey: key, result: await waiting };
}

/** The keys a plain worker remembers: past these, its oldest key not running is forgotten (memory stays bounded). */
export const PLAIN_KEYS_KEPT = 10_000;

/**
 * A plain worker keeps no oplog, so its keys live in memory (for as long as the runtime runs, the last
 * PLAIN_KEYS_KEPT) and it keeps no results. A key it is running is attached to; a key it was given before and no
 * longer owes (it ran, or a kill lost it) is refused: its thread would skip it, and the caller would wait for good.
 * A new key is remembered; a forgotten one runs again, as a new key would.
 */
function plainRepeat(k: Kernel, workerId: string, key: string, fn: string, r: Resident, wait: boolean): Promise<InvokeResult> | undefined {
  const used = k.work.plainKeys(workerId);
  const before = used.get(key);
  if (before === undefined) {
    used.set(key, fn);
    if (used.size > PLAIN_KEYS_KEPT) {
      for (const old of used.keys()) {
        if (old === key || r.outstanding.has(old)) continue;
        used.delete(old);
        break;
      }
    }
    return undefined;
  }
  refuseOtherFunction(key, fn, before);
  if (r.outstanding.has(key)) {
    if (!wait) return Promise.resolve({ idempotencyKey: key, queued: true });
    return r.waitFor(key).then((result) => ({ idempotencyKey: key, result }));
  }
  throw new EngineError(
    `worker ${workerId} is a plain worker (durable: false): it keeps no results, and it was given idempotency key ${key} before, so it cannot answer it again; send a new key (a durable worker answers a repeated key with the recorded result)`,
    409,
  );
}

/** A key names one invocation: a 409 when it was already used for another function. */
function refuseOtherFunction(key: string, fn: string, usedFor: string | undefined): void {
  if (usedFor !== undefined && usedFor !== fn) throw new EngineError(`idempotency key ${key} was already used for ${usedFor}`, 409);
}

/** The worker's status; a 409 if it has failed or exited, since it runs nothing more. */
function refuseIfEnded(k: Kernel, workerId: string): ReturnType<Kernel['statuses']['get']> {
  const s = k.statuses.get(workerId);
  if (hasEnded(s.status))
    throw new EngineError(
      s.status === 'failed'
        ? `worker ${workerId} has failed (${s.error ?? 'unknown error'}); it takes no more invocations`
        : `worker ${workerId} has exited; it takes no more invocations`,
      409,
    );
  return s;
}
