-- CreateTable
CREATE TABLE "OfficeSignin" (
    "tokenHash" TEXT NOT NULL PRIMARY KEY,
    "personId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "usedAt" DATETIME
);

-- CreateTable
CREATE TABLE "OfficeSession" (
    "idHash" TEXT NOT NULL PRIMARY KEY,
    "personId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "endedAt" DATETIME
);

-- CreateIndex
CREATE INDEX "OfficeSignin_personId_idx" ON "OfficeSignin"("personId");

-- CreateIndex
CREATE INDEX "OfficeSession_personId_idx" ON "OfficeSession"("personId");
