// The replay debugger, runtime side: sessions (each its own thread replaying
// a copy of a worker's history, see ../debug-session.ts) and, beside each
// open session, a standby booted ahead so that a rewind costs only the replay
// up to its index.

import { randomUUID } from 'node:crypto';
import type { DebugCommand, DebugState } from '../../replay/stepper';
import { DebugSession } from '../debug-session';
import { EngineError } from '../errors';
import type { Kernel } from '../kernel';

/** Debug sessions idle this long are closed; at most this many stay open. */
const DEBUG_IDLE_MS = 15 * 60_000;
const DEBUG_MAX = 8;

export interface Opened {
  sessionId: string;
  state: DebugState;
}

export class Debugger {
  private readonly sessions = new Map<string, DebugSession>();
  /** Keyed by the session it stands beside. */
  private readonly standbys = new Map<string, Promise<Opened | undefined>>();

  constructor(private readonly k: Kernel) {}

  /**
   * Opens a replay debugger on a worker: a separate instance of its component
   * version replays a copy of its oplog, stopped before the first entry.
   */
  async start(id: string, opts: { version?: number } = {}): Promise<Opened> {
    this.expire();
    const opened = await this.open(id, opts);
    this.prepareStandby(opened.sessionId, id, opts.version);
    return opened;
  }

  /**
   * A page that never said goodbye leaves its session (two threads) behind:
   * sessions idle for DEBUG_IDLE_MS are closed, and at most DEBUG_MAX stay open.
   */
  private expire(): void {
    const primaries = [...this.standbys.keys()].map((id) => this.sessions.get(id)).filter((x): x is DebugSession => x !== undefined);
    const now = Date.now();
    const byAge = primaries.sort((a, b) => a.lastUsed - b.lastUsed);
    byAge.forEach((sess, i) => {
      if (now - sess.lastUsed > DEBUG_IDLE_MS || byAge.length - i >= DEBUG_MAX) void this.stop(sess.id).catch(() => {});
    });
  }

  private prepareStandby(primary: string, id: string, version?: number): void {
    const standby = this.open(id, { version }).catch(() => undefined);
    this.standbys.set(primary, standby);
  }

  private closeStandby(primary: string): void {
    const standby = this.standbys.get(primary);
    this.standbys.delete(primary);
    void standby?.then((s) => s && this.stop(s.sessionId)).catch(() => {});
  }

  private async open(id: string, opts: { version?: number } = {}): Promise<Opened> {
    const row = this.k.records.row(id);
    // Another version against this worker's history shows where, and why, it diverges.
    const version = opts.version ?? row.version;
    if (!this.k.components.getVersion(row.componentName, version))
      throw new EngineError(`component ${row.componentName} has no version ${version}`, 404);
    const loaded = await this.k.components.load(row.componentName, version);
    this.k.committer.flush();
    const { init, channel, threadPort } = this.k.threads.init(row, loaded, { debug: true });
    const thread = this.k.threads.assign(init, threadPort);
    const session = new DebugSession(randomUUID(), id, version, thread, channel, (t) => this.k.threads.release(t));
    this.sessions.set(session.id, session);
    thread.once('exit', () => this.sessions.delete(session.id));
    return { sessionId: session.id, state: await session.ready() };
  }

  /** step, continue (to an index or a breakpoint), or rewind (a fresh replay up to an index). */
  async command(sessionId: string, cmd: DebugCommand | { type: 'rewind'; toIndex: number }): Promise<Opened> {
    const session = this.sessions.get(sessionId);
    if (!session) throw new EngineError(`no debug session ${sessionId}`, 404);
    session.lastUsed = Date.now();
    if (cmd.type !== 'rewind') return { sessionId, state: await session.send(cmd) };
    // Rewinding replays from the start to the index in a fresh session (the
    // standby when it is ready); the old one is closed meanwhile, not waited for.
    const standby = this.standbys.get(sessionId);
    this.standbys.delete(sessionId);
    void this.stop(sessionId).catch(() => {});
    const fresh = (await standby) ?? (await this.open(session.workerId, { version: session.version }));
    this.prepareStandby(fresh.sessionId, session.workerId, session.version);
    if (cmd.toIndex <= 0) return fresh;
    return this.command(fresh.sessionId, { type: 'continue', toIndex: cmd.toIndex });
  }

  async stop(sessionId: string): Promise<void> {
    const session = this.sessions.get(sessionId);
    if (!session) throw new EngineError(`no debug session ${sessionId}`, 404);
    this.sessions.delete(sessionId);
    this.closeStandby(sessionId);
    await session.close();
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.sessions.values()].map((s) => s.close(false)));
  }
}
