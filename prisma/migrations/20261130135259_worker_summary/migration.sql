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
