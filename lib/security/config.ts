// The security settings as the guard, the egress policy and the limits use them,
// derived from lib/config.ts (the web server, the runtime and its threads all call it).

import os from 'node:os';
import { config, configFrom } from '../config';

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

function list(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

const MB = 1024 * 1024;

/** The security settings, from lib/config.ts (or from another environment, for tests). */
export function securityConfig(env?: Record<string, string | undefined>): SecurityConfig {
  const c = env ? configFrom(env) : config;
  const host = c.host?.trim() || undefined;
  const exposed = !isLoopbackHost(host);
  const names = ['localhost', '127.0.0.1', '::1', os.hostname(), ...list(c.allowedHosts)];
  if (host && !['0.0.0.0', '::'].includes(host)) names.push(host);
  return {
    host,
    exposed,
    port: c.port,
    token: c.token?.trim() || undefined,
    allowedHosts: [...new Set(names.map((n) => n.toLowerCase().replace(/^\[|\]$/g, '')))],
    httpAllow: list(c.httpAllow),
    maxBodyBytes: Math.floor(c.maxBodyMb * MB),
    maxUploadBytes: Math.floor(c.maxUploadMb * MB),
    maxSsePerClient: c.maxSsePerClient,
    maxWorkers: c.maxWorkers,
    maxComponents: c.maxComponents,
    maxOutputBytes: Math.floor(c.maxOutputKb * 1024),
  };
}
