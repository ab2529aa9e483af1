-- CreateTable
CREATE TABLE "Component" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "ComponentVersion" (
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
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("componentName", "version"),
    CONSTRAINT "ComponentVersion_componentName_fkey" FOREIGN KEY ("componentName") REFERENCES "Component" ("name") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Worker" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "componentName" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "env" TEXT NOT NULL,
    "args" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'idle',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "OplogEntry" (
    "workerId" TEXT NOT NULL,
    "idx" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "timestamp" BIGINT NOT NULL,
    "payload" TEXT NOT NULL,
    "idempotencyKey" TEXT,

    PRIMARY KEY ("workerId", "idx")
);

-- CreateIndex
CREATE INDEX "Worker_componentName_idx" ON "Worker"("componentName");

-- CreateIndex
CREATE UNIQUE INDEX "Worker_componentName_name_key" ON "Worker"("componentName", "name");

-- CreateIndex
CREATE INDEX "OplogEntry_workerId_idempotencyKey_idx" ON "OplogEntry"("workerId", "idempotencyKey");

-- CreateIndex
CREATE INDEX "OplogEntry_workerId_kind_idx" ON "OplogEntry"("workerId", "kind");
