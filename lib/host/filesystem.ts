// wasi:filesystem — offered with no preopened directories: a guest can link
// against it (most toolchains import it) but sees an empty filesystem.

import { HostError } from './context';

export class Descriptor {
  // No descriptor is ever handed out; any method reached means a guest bug.
  [key: string]: unknown;
}
class DirectoryEntryStream {}

// Every method of these resources answers err(bad-descriptor): the guest may
// import any of them (toolchains import the lot), none can be reached.
const refuse = () => {
  throw new HostError('bad-descriptor');
};
for (const cls of [Descriptor, DirectoryEntryStream]) {
  Object.setPrototypeOf(
    cls.prototype,
    new Proxy({}, { get: (_t, key) => (typeof key === 'string' && key !== 'constructor' ? refuse : undefined) }),
  );
}

export function filesystemImports() {
  return {
    'wasi:filesystem/preopens': { getDirectories: (): [Descriptor, string][] => [] },
    'wasi:filesystem/types': {
      Descriptor,
      DirectoryEntryStream,
      filesystemErrorCode: () => undefined,
    },
  };
}

export const notPermitted = () => new HostError('not-permitted');
