// Every security-related setting, read from the environment in this one place
// (the web server, the runtime process and its worker threads all call it).

import os from 'node:os';

export interface SecurityConfig {
  /** HOST: the address to listen on; unset means loopback only (127.0.0.1 and ::1). */
  host?: string;
  /** Listening beyond loopback: a token is required and guests reach only the allow list. */
  exposed: boolean;
  port: number;
  /** PLAYGROUND_TOKEN (generated at start when exposed and unset). */
  token?: string;
  /** Names (and addresses) the app answers to in the Host header. */
  allowedHosts: string[];
  /** PLAYGROUND_HTTP_ALLOW: CIDRs, addresses or host names guests may always reach. */
  httpAllow: string[];
  maxBodyBytes: number;
  maxUploadBytes: number;
  maxSsePerClient: number;
  maxWorkers: number;
  maxComponents: number;
  /** Guest output recorded per invocation; the rest is dropped with a recorded note. */
  maxOutputBytes: number;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

export function isLoopbackHost(host: string | undefined): boolean {
  return host === undefined || host === '' || LOOPBACK.has(host.toLowerCase()) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function number(env: Record<string, string | undefined>, name: string, fallback: number, unit = 1): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback * unit;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return Math.floor(n * unit);
}

function list(raw: string | undefined): string[] {
  return (raw ?? '').split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);
}

export function securityConfig(env: Record<string, string | undefined> = process.env): SecurityConfig {
  const host = env.HOST?.trim() || undefined;
  const exposed = !isLoopbackHost(host);
  const names = ['localhost', '127.0.0.1', '::1', os.hostname(), ...list(env.PLAYGROUND_ALLOWED_HOSTS)];
  if (host && !['0.0.0.0', '::'].includes(host)) names.push(host);
  return {
    host,
    exposed,
    port: Number(env.PORT ?? 3000),
    token: env.PLAYGROUND_TOKEN?.trim() || undefined,
    allowedHosts: [...new Set(names.map((n) => n.toLowerCase().replace(/^\[|\]$/g, '')))],
    httpAllow: list(env.PLAYGROUND_HTTP_ALLOW),
    maxBodyBytes: number(env, 'PLAYGROUND_MAX_BODY_MB', 4, 1024 * 1024),
    maxUploadBytes: number(env, 'PLAYGROUND_MAX_UPLOAD_MB', 50, 1024 * 1024),
    maxSsePerClient: number(env, 'PLAYGROUND_MAX_SSE_PER_CLIENT', 16),
    maxWorkers: number(env, 'PLAYGROUND_MAX_WORKERS', 100_000),
    maxComponents: number(env, 'PLAYGROUND_MAX_COMPONENTS', 1000),
    maxOutputBytes: number(env, 'PLAYGROUND_MAX_OUTPUT_KB', 1024, 1024),
  };
}
