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
}

export default nextConfig
