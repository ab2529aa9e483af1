-- Worker.status was a listing cache of lasting states, written and no longer read: the
-- WorkerSummary row (lib/store/summary-store.ts) holds the status the oplog tells.
-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Worker" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "componentName" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "env" TEXT NOT NULL,
    "args" TEXT NOT NULL,
    "createdAt" BIGINT NOT NULL,
    "deletedAt" BIGINT
);
INSERT INTO "new_Worker" ("args", "componentName", "createdAt", "deletedAt", "env", "id", "name", "version") SELECT "args", "componentName", "createdAt", "deletedAt", "env", "id", "name", "version" FROM "Worker";
DROP TABLE "Worker";
ALTER TABLE "new_Worker" RENAME TO "Worker";
CREATE INDEX "Worker_componentName_idx" ON "Worker"("componentName");
CREATE INDEX "Worker_deletedAt_createdAt_id_idx" ON "Worker"("deletedAt", "createdAt" DESC, "id");
CREATE UNIQUE INDEX "Worker_componentName_name_key" ON "Worker"("componentName", "name");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
