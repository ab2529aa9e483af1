-- DropIndex
DROP INDEX "OplogEntry_workerId_kind_idx";

-- DropIndex
DROP INDEX "OplogEntry_workerId_idempotencyKey_idx";

-- CreateIndex
CREATE INDEX "OplogEntry_workerId_idempotencyKey_idx_idx" ON "OplogEntry"("workerId", "idempotencyKey", "idx");

-- CreateIndex
CREATE INDEX "OplogEntry_workerId_kind_idx_idx" ON "OplogEntry"("workerId", "kind", "idx");
