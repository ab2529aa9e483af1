// wasi:filesystem — offered with no preopened directories: a guest can link
// against it (most toolchains import it) but sees an empty filesystem.

import { HostError } from './context';

export class Descriptor {
  // No descriptor is ever handed out; any method reached means a guest bug.
  [key: string]: unknown;
}

export function filesystemImports() {
  return {
    'wasi:filesystem/preopens': { getDirectories: (): [Descriptor, string][] => [] },
    'wasi:filesystem/types': {
      Descriptor,
      DirectoryEntryStream: class DirectoryEntryStream {},
      filesystemErrorCode: () => undefined,
    },
  };
}

export const notPermitted = () => new HostError('not-permitted');
