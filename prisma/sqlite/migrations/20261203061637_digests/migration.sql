-- AlterTable
ALTER TABLE "Person" ADD COLUMN "digest" BOOLEAN;
ALTER TABLE "Person" ADD COLUMN "digestAt" TEXT;

-- CreateTable
CREATE TABLE "Digest" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "day" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "personId" TEXT,
    "name" TEXT NOT NULL,
    "sendAt" DATETIME NOT NULL,
    "status" TEXT NOT NULL,
    "entries" INTEGER NOT NULL DEFAULT 0,
    "lastEntryAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "DigestEntry" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "digestKey" TEXT NOT NULL,
    "noticeKey" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "ref" TEXT NOT NULL,
    "about" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "itemJson" TEXT NOT NULL,
    "aloneJson" TEXT NOT NULL,
    "included" BOOLEAN
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Notice" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "ref" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "recipientsJson" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "html" TEXT NOT NULL,
    "ics" TEXT,
    "attachmentsJson" TEXT,
    "linksJson" TEXT,
    "deliveriesJson" TEXT,
    "messageId" TEXT NOT NULL,
    "digest" BOOLEAN NOT NULL DEFAULT false,
    "itemJson" TEXT,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "sentAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO "new_Notice" ("at", "attachmentsJson", "attempts", "createdAt", "deliveriesJson", "html", "ics", "id", "key", "kind", "lastError", "linksJson", "messageId", "recipientsJson", "ref", "sentAt", "status", "subject", "text") SELECT "at", "attachmentsJson", "attempts", "createdAt", "deliveriesJson", "html", "ics", "id", "key", "kind", "lastError", "linksJson", "messageId", "recipientsJson", "ref", "sentAt", "status", "subject", "text" FROM "Notice";
DROP TABLE "Notice";
ALTER TABLE "new_Notice" RENAME TO "Notice";
CREATE UNIQUE INDEX "Notice_key_key" ON "Notice"("key");
CREATE INDEX "Notice_ref_at_idx" ON "Notice"("ref", "at");
CREATE INDEX "Notice_status_idx" ON "Notice"("status");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "DigestEntry_noticeKey_idx" ON "DigestEntry"("noticeKey");

-- CreateIndex
CREATE UNIQUE INDEX "DigestEntry_digestKey_noticeKey_key" ON "DigestEntry"("digestKey", "noticeKey");
