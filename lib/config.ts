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
  read(): T;
}

function num(env: string, def: number, doc: string): Setting<number> {
  return {
    env, doc, shown: String(def),
    read: () => {
      const v = process.env[env];
      if (v === undefined || v.trim() === '') return def;
      const n = Number(v);
      if (!Number.isFinite(n) || n < 0) throw new Error(`${env} must be a non-negative number, got ${JSON.stringify(v)}`);
      return n;
    },
  };
}

function text(env: string, shown: string, doc: string): Setting<string | undefined> {
  return { env, doc, shown, read: () => (process.env[env] ? process.env[env] : undefined) };
}

export const SETTINGS = {
  port: num('PORT', 3000, 'HTTP port of the web app'),
  databaseUrl: text('DATABASE_URL', '`file:./data/playground.db`', 'SQLite database (a `file:` URL, relative to the project root); component files go beside it, in `<db>.files/`'),
  root: text('PLAYGROUND_ROOT', 'the nearest directory with `prisma/schema.prisma`', 'project root (wit/, examples/, prisma/, .runtime/)'),
  dataDir: text('PLAYGROUND_DATA_DIR', '`<root>/data`', 'where uploaded component binaries and their bindings are kept'),
  invocationTimeoutMs: num('PLAYGROUND_INVOCATION_TIMEOUT_MS', 60_000, 'time limit of one invocation'),
  memoryLimitMb: num('PLAYGROUND_MEMORY_LIMIT_MB', 256, "cap on an instance's linear memory"),
  idleEvictMs: num('PLAYGROUND_IDLE_EVICT_MS', 300_000, 'an idle worker leaves memory after this long'),
  maxUploadMb: num('PLAYGROUND_MAX_UPLOAD_MB', 50, 'largest component upload (413 above it)'),
  suspendAfterMs: num('PLAYGROUND_SUSPEND_AFTER_MS', 1000, 'a longer sleep suspends the worker'),
  snapshotEvery: num('PLAYGROUND_SNAPSHOT_EVERY', 1000, 'entries between snapshots, for components that export save/load-snapshot'),
} as const;

type Settings = typeof SETTINGS;

/** `config.port` etc.: each read from the environment when asked for. */
export const config = Object.defineProperties(
  {},
  Object.fromEntries(Object.entries(SETTINGS).map(([k, s]) => [k, { get: s.read, enumerable: true }])),
) as { readonly [K in keyof Settings]: ReturnType<Settings[K]['read']> };

/** The README's configuration table. */
export function configMarkdown(): string {
  return ['| variable | default | what it does |', '|---|---|---|', ...Object.values(SETTINGS).map((s) => `| \`${s.env}\` | ${s.shown} | ${s.doc} |`)].join('\n');
}
