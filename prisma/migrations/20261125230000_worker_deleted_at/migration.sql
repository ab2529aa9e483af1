-- AlterTable
ALTER TABLE "Worker" ADD COLUMN "deletedAt" BIGINT;
