-- AlterTable
ALTER TABLE "Notice" ADD COLUMN     "digest" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "itemJson" TEXT;

-- AlterTable
ALTER TABLE "Person" ADD COLUMN     "digest" BOOLEAN,
ADD COLUMN     "digestAt" TEXT;

-- CreateTable
CREATE TABLE "Digest" (
    "key" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "personId" TEXT,
    "name" TEXT NOT NULL,
    "sendAt" TIMESTAMP(3) NOT NULL,
    "status" TEXT NOT NULL,
    "entries" INTEGER NOT NULL DEFAULT 0,
    "lastEntryAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Digest_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "DigestEntry" (
    "id" SERIAL NOT NULL,
    "digestKey" TEXT NOT NULL,
    "noticeKey" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "ref" TEXT NOT NULL,
    "about" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "itemJson" TEXT NOT NULL,
    "aloneJson" TEXT NOT NULL,
    "included" BOOLEAN,

    CONSTRAINT "DigestEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DigestEntry_noticeKey_idx" ON "DigestEntry"("noticeKey");

-- CreateIndex
CREATE UNIQUE INDEX "DigestEntry_digestKey_noticeKey_key" ON "DigestEntry"("digestKey", "noticeKey");
