// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native modules, wasm toolchains and Prisma's generated client are loaded by
  // Node at run time instead of being bundled.
  serverExternalPackages: [
    'better-sqlite3',
    '@bytecodealliance/jco',
    '@bytecodealliance/preview2-shim',
    'componentize-qjs',
    'esbuild',
    '@prisma/client',
    '@prisma/adapter-better-sqlite3',
    '@prisma/driver-adapter-utils',
    '@prisma/schema-engine-wasm',
  ],
  // Dev reloads and builds must not trip over the runtime bundle or databases.
  outputFileTracingExcludes: { '*': ['./data/**', './.runtime/**', './e2e/**'] },
  // `npm test` runs the typecheck (route types included) once the build is done,
  // and says so: the build need not check the same files again.
  typescript: { ignoreBuildErrors: process.env.PLAYGROUND_TYPECHECKED === '1' },
  // CI builds once from a clean clone: Turbopack's build cache would be written
  // (a minute on a loaded 2-core machine) and never read.
  experimental: { turbopackFileSystemCacheForBuild: !process.env.CI || process.env.CI === 'false' },
};

export default nextConfig;
