-- CreateTable
CREATE TABLE "Town" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT DEFAULT 1,
    "name" TEXT NOT NULL,
    "safetyLeaderId" TEXT NOT NULL,
    "calendarJson" TEXT NOT NULL,
    "policyJson" TEXT NOT NULL,
    "dutiesJson" TEXT NOT NULL,
    "profileVersion" INTEGER NOT NULL,
    "loadedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ProfileVersion" (
    "version" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "yaml" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "loadedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Person" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "phone" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Sector" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "leaderId" TEXT NOT NULL,
    "inspectorId" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Village" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "supervisorId" TEXT NOT NULL,
    "leaderId" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Enterprise" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "sectorId" TEXT NOT NULL,
    "class" TEXT NOT NULL,
    "villageId" TEXT,
    "address" TEXT,
    "principalName" TEXT NOT NULL,
    "principalEmail" TEXT NOT NULL,
    "principalPhone" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Hazard" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "enterpriseId" TEXT NOT NULL,
    "sectorId" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "location" TEXT,
    "campaignId" TEXT,
    "reportedBy" TEXT NOT NULL,
    "reportedAt" DATETIME NOT NULL,
    "planJson" TEXT,
    "status" TEXT NOT NULL,
    "round" INTEGER NOT NULL DEFAULT 1,
    "due" TEXT NOT NULL,
    "dueTrace" TEXT NOT NULL,
    "extensionsUsed" INTEGER NOT NULL DEFAULT 0,
    "escalationLevel" INTEGER NOT NULL DEFAULT 0,
    "submittedAt" DATETIME,
    "submittedBy" TEXT,
    "closedAt" DATETIME,
    "nextNoticeAt" DATETIME,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "HazardEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "key" TEXT NOT NULL,
    "hazardId" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "type" TEXT NOT NULL,
    "by" TEXT,
    "evidence" TEXT,
    "detailJson" TEXT NOT NULL DEFAULT '{}',
    CONSTRAINT "HazardEvent_hazardId_fkey" FOREIGN KEY ("hazardId") REFERENCES "Hazard" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "DeadlineComputation" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "key" TEXT NOT NULL,
    "subjectType" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "formJson" TEXT NOT NULL,
    "fromDate" TEXT NOT NULL,
    "due" TEXT NOT NULL,
    "trace" TEXT NOT NULL,
    "unconfirmedYears" TEXT NOT NULL DEFAULT '',
    "at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Notice" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "ref" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "recipientsJson" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "html" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "sentAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "at" DATETIME NOT NULL,
    "actor" TEXT,
    "action" TEXT NOT NULL,
    "target" TEXT,
    "detailJson" TEXT NOT NULL DEFAULT '{}'
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
