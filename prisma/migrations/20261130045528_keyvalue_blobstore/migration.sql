-- CreateTable
CREATE TABLE "KeyValue" (
    "bucket" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "value" BLOB NOT NULL,
    "updatedAt" BIGINT NOT NULL,

    PRIMARY KEY ("bucket", "key")
);

-- CreateTable
CREATE TABLE "BlobContainer" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "createdAt" BIGINT NOT NULL
);

-- CreateTable
CREATE TABLE "BlobObject" (
    "container" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "data" BLOB NOT NULL,
    "createdAt" BIGINT NOT NULL,

    PRIMARY KEY ("container", "name"),
    CONSTRAINT "BlobObject_container_fkey" FOREIGN KEY ("container") REFERENCES "BlobContainer" ("name") ON DELETE CASCADE ON UPDATE CASCADE
);
