// Prisma 7 reads its datasource URL from here (schema.prisma has none).
// DATABASE_URL overrides; the default is relative to the project root, the same
// file lib/store/db.ts opens. Migrations are produced offline with
// scripts/prisma-diff.mjs and applied by lib/store/migrate.ts (see there).
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'file:./data/playground.db' },
});
