import { config } from '../config';
import path from 'node:path';

/** Project root: every entry point runs from it; PLAYGROUND_ROOT overrides. */
export function projectRoot(): string {
  return config.root ?? process.cwd();
}

/** Where component binaries and their transpiled bindings live. */
export function dataDir(): string {
  return config.dataDir ?? path.join(projectRoot(), 'data');
}

export function versionDir(component: string, version: number): string {
  return path.join(dataDir(), 'components', encodeURIComponent(component), String(version));
}
