// Prisma Client on the same SQLite file as openDatabase(), through the
// better-sqlite3 driver adapter (Rust-free client; works offline). One instance
// per process, cached on globalThis so Next.js dev reloads do not multiply it.

import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3'
import { PrismaClient } from '../db/generated/client'
import { databasePath, openDatabase } from './db'

const g = globalThis as typeof globalThis & { __playgroundPrisma?: PrismaClient }

export function prisma(): PrismaClient {
  if (!g.__playgroundPrisma) {
    // Applies pending migrations (and sets WAL mode, which persists in the file)
    // before Prisma opens its own connection.
    openDatabase().close()
    const adapter = new PrismaBetterSqlite3({ url: `file:${databasePath()}`, timeout: 5000 })
    g.__playgroundPrisma = new PrismaClient({ adapter })
  }
  return g.__playgroundPrisma
}
