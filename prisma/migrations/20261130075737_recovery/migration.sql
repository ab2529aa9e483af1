-- CreateTable
CREATE TABLE "Recovery" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "workerId" TEXT NOT NULL,
    "cause" TEXT NOT NULL,
    "afterIndex" INTEGER NOT NULL,
    "startedAt" BIGINT NOT NULL,
    "finishedAt" BIGINT,
    "ms" REAL,
    "replayedInvocations" INTEGER,
    "lastIndex" INTEGER,
    CONSTRAINT "Recovery_workerId_fkey" FOREIGN KEY ("workerId") REFERENCES "Worker" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Recovery_workerId_id_idx" ON "Recovery"("workerId", "id");
