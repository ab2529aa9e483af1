-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Component" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "createdAt" BIGINT NOT NULL
);
INSERT INTO "new_Component" ("createdAt", "name") SELECT "createdAt", "name" FROM "Component";
DROP TABLE "Component";
ALTER TABLE "new_Component" RENAME TO "Component";
CREATE TABLE "new_ComponentVersion" (
    "componentName" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "sourceKind" TEXT NOT NULL,
    "source" TEXT,
    "wit" TEXT,
    "world" TEXT,
    "exports" TEXT NOT NULL,
    "imports" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "buildMs" INTEGER NOT NULL DEFAULT 0,
    "createdAt" BIGINT NOT NULL,

    PRIMARY KEY ("componentName", "version"),
    CONSTRAINT "ComponentVersion_componentName_fkey" FOREIGN KEY ("componentName") REFERENCES "Component" ("name") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_ComponentVersion" ("buildMs", "componentName", "createdAt", "exports", "imports", "size", "source", "sourceKind", "version", "wit", "world") SELECT "buildMs", "componentName", "createdAt", "exports", "imports", "size", "source", "sourceKind", "version", "wit", "world" FROM "ComponentVersion";
DROP TABLE "ComponentVersion";
ALTER TABLE "new_ComponentVersion" RENAME TO "ComponentVersion";
CREATE TABLE "new_Worker" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "componentName" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "env" TEXT NOT NULL,
    "args" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'idle',
    "createdAt" BIGINT NOT NULL,
    "deletedAt" BIGINT
);
INSERT INTO "new_Worker" ("args", "componentName", "createdAt", "deletedAt", "env", "id", "name", "status", "version") SELECT "args", "componentName", "createdAt", "deletedAt", "env", "id", "name", "status", "version" FROM "Worker";
DROP TABLE "Worker";
ALTER TABLE "new_Worker" RENAME TO "Worker";
CREATE INDEX "Worker_componentName_idx" ON "Worker"("componentName");
CREATE UNIQUE INDEX "Worker_componentName_name_key" ON "Worker"("componentName", "name");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
