-- DropIndex
DROP INDEX "OplogEntry_workerId_idempotencyKey_idx_idx";

-- CreateIndex
CREATE INDEX "OplogEntry_workerId_idempotencyKey_idx_idx" ON "OplogEntry"("workerId", "idempotencyKey", "idx") WHERE "idempotencyKey" IS NOT NULL;
