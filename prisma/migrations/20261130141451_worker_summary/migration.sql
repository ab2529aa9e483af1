-- CreateTable
CREATE TABLE "WorkerSummary" (
    "workerId" TEXT NOT NULL PRIMARY KEY,
    "v" INTEGER NOT NULL,
    "length" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "error" TEXT,
    "pending" INTEGER NOT NULL,
    "plain" BOOLEAN NOT NULL,
    "facts" TEXT NOT NULL
);

-- CreateIndex
CREATE INDEX "Worker_deletedAt_createdAt_id_idx" ON "Worker"("deletedAt", "createdAt" DESC, "id");
