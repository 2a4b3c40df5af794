-- CreateTable
CREATE TABLE "Town" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "name" TEXT NOT NULL,
    "safetyLeaderId" TEXT NOT NULL,
    "calendarJson" TEXT NOT NULL,
    "policyJson" TEXT NOT NULL,
    "dutiesJson" TEXT NOT NULL,
    "profileVersion" INTEGER NOT NULL,
    "loadedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Town_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProfileVersion" (
    "version" INTEGER NOT NULL,
    "yaml" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "loadedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProfileVersion_pkey" PRIMARY KEY ("version")
);

-- CreateTable
CREATE TABLE "Person" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "phone" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Person_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Sector" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "leaderId" TEXT NOT NULL,
    "inspectorId" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Sector_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Village" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "supervisorId" TEXT NOT NULL,
    "leaderId" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Village_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Enterprise" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "sectorId" TEXT NOT NULL,
    "class" TEXT NOT NULL,
    "villageId" TEXT,
    "address" TEXT,
    "principalName" TEXT NOT NULL,
    "principalEmail" TEXT NOT NULL,
    "principalPhone" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Enterprise_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Hazard" (
    "id" TEXT NOT NULL,
    "enterpriseId" TEXT NOT NULL,
    "sectorId" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "location" TEXT,
    "campaignId" TEXT,
    "reportedBy" TEXT NOT NULL,
    "reportedAt" TIMESTAMP(3) NOT NULL,
    "planJson" TEXT,
    "status" TEXT NOT NULL,
    "round" INTEGER NOT NULL DEFAULT 1,
    "due" TEXT NOT NULL,
    "dueTrace" TEXT NOT NULL,
    "extensionsUsed" INTEGER NOT NULL DEFAULT 0,
    "escalationLevel" INTEGER NOT NULL DEFAULT 0,
    "submittedAt" TIMESTAMP(3),
    "submittedBy" TEXT,
    "closedAt" TIMESTAMP(3),
    "nextNoticeAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Hazard_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HazardEvent" (
    "id" SERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "hazardId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "type" TEXT NOT NULL,
    "by" TEXT,
    "evidence" TEXT,
    "detailJson" TEXT NOT NULL DEFAULT '{}',

    CONSTRAINT "HazardEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DeadlineComputation" (
    "id" SERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "subjectType" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "formJson" TEXT NOT NULL,
    "fromDate" TEXT NOT NULL,
    "due" TEXT NOT NULL,
    "trace" TEXT NOT NULL,
    "unconfirmedYears" TEXT NOT NULL DEFAULT '',
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DeadlineComputation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Notice" (
    "id" SERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "ref" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "recipientsJson" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "html" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "sentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Notice_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "actor" TEXT,
    "action" TEXT NOT NULL,
    "target" TEXT,
    "detailJson" TEXT NOT NULL DEFAULT '{}',

    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Person_role_active_idx" ON "Person"("role", "active");

-- CreateIndex
CREATE INDEX "Enterprise_sectorId_idx" ON "Enterprise"("sectorId");

-- CreateIndex
CREATE INDEX "Hazard_status_due_idx" ON "Hazard"("status", "due");

-- CreateIndex
CREATE INDEX "Hazard_enterpriseId_idx" ON "Hazard"("enterpriseId");

-- CreateIndex
CREATE INDEX "Hazard_campaignId_idx" ON "Hazard"("campaignId");

-- CreateIndex
CREATE UNIQUE INDEX "HazardEvent_key_key" ON "HazardEvent"("key");

-- CreateIndex
CREATE INDEX "HazardEvent_hazardId_at_idx" ON "HazardEvent"("hazardId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "DeadlineComputation_key_key" ON "DeadlineComputation"("key");

-- CreateIndex
CREATE INDEX "DeadlineComputation_subjectType_subjectId_idx" ON "DeadlineComputation"("subjectType", "subjectId");

-- CreateIndex
CREATE UNIQUE INDEX "Notice_key_key" ON "Notice"("key");

-- CreateIndex
CREATE INDEX "Notice_ref_at_idx" ON "Notice"("ref", "at");

-- CreateIndex
CREATE INDEX "Notice_status_idx" ON "Notice"("status");

-- CreateIndex
CREATE INDEX "AuditLog_target_at_idx" ON "AuditLog"("target", "at");

-- AddForeignKey
ALTER TABLE "HazardEvent" ADD CONSTRAINT "HazardEvent_hazardId_fkey" FOREIGN KEY ("hazardId") REFERENCES "Hazard"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
