// `node --import ./scripts/tsx-loader.mjs` is `--import tsx` where TypeScript is
// loaded, and nothing elsewhere: worker threads and the bundled runtime
// (.runtime/*.mjs) inherit node's flags but run plain JavaScript, and tsx's
// loader (a hooks thread each) roughly doubled the CPU of every thread boot.
import { isMainThread } from 'node:worker_threads';

if (isMainThread && !/[\\/]\.runtime[\\/][^\\/]+\.mjs$/.test(process.argv[1] ?? '')) await import('tsx');
