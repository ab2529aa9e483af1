// Every setting read from the environment, in one place, with its default and
// what it does. Values are read when asked for (tests and benches set the
// environment before they start an engine). The README's configuration table
// is checked against SETTINGS by lib/config.test.ts.
// (scripts/*.mjs run under plain Node before anything is built and read PORT
// and PLAYGROUND_ROOT themselves; prisma.config.ts reads DATABASE_URL for the
// Prisma CLI.)

interface Setting<T> {
  env: string;
  /** The default as the README shows it. */
  shown: string;
  doc: string;
  read(env?: Env): T;
}

type Env = Record<string, string | undefined>;

function num(env: string, def: number, doc: string): Setting<number> {
  return {
    env,
    doc,
    shown: String(def),
    read: (from: Env = process.env) => {
      const v = from[env];
      if (v === undefined || v.trim() === '') return def;
      const n = Number(v);
      if (!Number.isFinite(n) || n < 0) throw new Error(`${env} must be a non-negative number, got ${JSON.stringify(v)}`);
      return n;
    },
  };
}

function text(env: string, shown: string, doc: string): Setting<string | undefined> {
  return { env, doc, shown, read: (from: Env = process.env) => (from[env] ? from[env] : undefined) };
}

export const SETTINGS = {
  port: num('PORT', 3000, 'HTTP port of the web app'),
  databaseUrl: text(
    'DATABASE_URL',
    '`file:./data/playground.db`',
    'SQLite database (a `file:` URL, relative to the project root); component files go beside it, in `<db>.files/`',
  ),
  root: text('PLAYGROUND_ROOT', 'the nearest directory with `prisma/schema.prisma`', 'project root (wit/, examples/, prisma/, .runtime/)'),
  dataDir: text('PLAYGROUND_DATA_DIR', '`<root>/data`', 'where uploaded component binaries and their bindings are kept'),
  invocationTimeoutMs: num('PLAYGROUND_INVOCATION_TIMEOUT_MS', 60_000, 'time limit of one invocation'),
  buildTimeoutMs: num(
    'PLAYGROUND_BUILD_TIMEOUT_MS',
    60_000,
    "time limit of one JavaScript build (it runs the component's top level) or one job of jco's (a transpile, a WAT build); its process is killed at the limit",
  ),
  memoryLimitMb: num('PLAYGROUND_MEMORY_LIMIT_MB', 256, "cap on an instance's linear memory"),
  idleEvictMs: num('PLAYGROUND_IDLE_EVICT_MS', 300_000, 'an idle worker leaves memory after this long'),
  maxResident: num(
    'PLAYGROUND_MAX_RESIDENT',
    64,
    'workers kept in memory with a thread; a start beyond it first lets the least recently used idle one go (its state stays in the oplog)',
  ),
  workersPerThread: num(
    'PLAYGROUND_WORKERS_PER_THREAD',
    4,
    "idle workers' instances one thread may hold (a thread costs ~8 MB, an instance ~1); one runs at a time, and `1` gives each worker a thread",
  ),
  maxUploadMb: num('PLAYGROUND_MAX_UPLOAD_MB', 50, 'largest component upload (413 above it)'),
  suspendAfterMs: num('PLAYGROUND_SUSPEND_AFTER_MS', 1000, 'a longer sleep suspends the worker'),
  snapshotEvery: num('PLAYGROUND_SNAPSHOT_EVERY', 1000, 'entries between snapshots, for components that export save/load-snapshot'),
  host: text('HOST', 'unset: `127.0.0.1` and `::1`', 'address to listen on; `0.0.0.0` exposes the server (a token is then required)'),
  token: text(
    'PLAYGROUND_TOKEN',
    'generated at start when exposed',
    'access token required on every request when set (cookie after `?token=`, or `Authorization: Bearer`)',
  ),
  allowedHosts: text('PLAYGROUND_ALLOWED_HOSTS', 'none', 'extra host names the server answers to (comma-separated)'),
  httpAllow: text(
    'PLAYGROUND_HTTP_ALLOW',
    'none',
    'CIDRs, addresses or host names guests may reach beyond public addresses (comma-separated)',
  ),
  maxBodyMb: num('PLAYGROUND_MAX_BODY_MB', 4, 'request body of every route but uploads (413 above it)'),
  maxSsePerClient: num('PLAYGROUND_MAX_SSE_PER_CLIENT', 16, 'open event streams per client address (429 above it)'),
  maxWorkers: num('PLAYGROUND_MAX_WORKERS', 100_000, 'live workers (429 above it)'),
  maxComponents: num('PLAYGROUND_MAX_COMPONENTS', 1000, 'component names (429 above it)'),
  maxOutputKb: num('PLAYGROUND_MAX_OUTPUT_KB', 1024, 'guest output recorded per invocation; the rest is cut with a recorded note'),
  checkInvocationTimeoutMs: num(
    'PLAYGROUND_CHECK_INVOCATION_TIMEOUT_MS',
    20_000,
    "invocation time limit inside a durability check's runtime",
  ),
  checkProbes: text('PLAYGROUND_CHECK_PROBES', 'unset', 'internal: set by the durability checker for its own runtime process'),
  buildCache: text(
    'PLAYGROUND_BUILD_CACHE',
    'unset (no cache)',
    'folder caching component builds by source, WIT and toolchain (the engine and browser tests set it)',
  ),
  testHost: text('PLAYGROUND_TEST_HOST', 'unset', 'tests only: `1` offers the test-only host functions'),
} as const;

type Settings = typeof SETTINGS;

/** `config.port` etc.: each read from the environment when asked for. */
export const config = Object.defineProperties(
  {},
  Object.fromEntries(Object.entries(SETTINGS).map(([k, s]) => [k, { get: s.read, enumerable: true }])),
) as { readonly [K in keyof Settings]: ReturnType<Settings[K]['read']> };

/** The same settings read from another environment (a child process's, a test's). */
export function configFrom(env: Env): { readonly [K in keyof Settings]: ReturnType<Settings[K]['read']> } {
  return Object.fromEntries(Object.entries(SETTINGS).map(([k, s]) => [k, s.read(env)])) as never;
}

/** The README's configuration table. */
export function configMarkdown(): string {
  return [
    '| variable | default | what it does |',
    '|---|---|---|',
    ...Object.values(SETTINGS).map((s) => `| \`${s.env}\` | ${s.shown} | ${s.doc} |`),
  ].join('\n');
}

/** setTimeout's longest delay: a time limit above it would fire at once, so limits are cut to it. */
export const TIMER_MAX_MS = 2 ** 31 - 1;
