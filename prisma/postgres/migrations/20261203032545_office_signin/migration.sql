-- CreateTable
CREATE TABLE "OfficeSignin" (
    "tokenHash" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),

    CONSTRAINT "OfficeSignin_pkey" PRIMARY KEY ("tokenHash")
);

-- CreateTable
CREATE TABLE "OfficeSession" (
    "idHash" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "endedAt" TIMESTAMP(3),

    CONSTRAINT "OfficeSession_pkey" PRIMARY KEY ("idHash")
);

-- CreateIndex
CREATE INDEX "OfficeSignin_personId_idx" ON "OfficeSignin"("personId");

-- CreateIndex
CREATE INDEX "OfficeSession_personId_idx" ON "OfficeSession"("personId");
