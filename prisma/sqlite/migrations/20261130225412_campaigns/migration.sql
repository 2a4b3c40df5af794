-- AlterTable
ALTER TABLE "Notice" ADD COLUMN "attachmentsJson" TEXT;

-- CreateTable
CREATE TABLE "Campaign" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "template" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "scopeJson" TEXT NOT NULL,
    "targetsJson" TEXT NOT NULL,
    "opensOn" TEXT NOT NULL,
    "due" TEXT NOT NULL,
    "dueTrace" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "startedBy" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "closedAt" DATETIME,
    "closedBy" TEXT,
    "closeReason" TEXT,
    "tasksTotal" INTEGER NOT NULL DEFAULT 0,
    "tasksDone" INTEGER NOT NULL DEFAULT 0,
    "tasksOverdue" INTEGER NOT NULL DEFAULT 0,
    "tasksCancelled" INTEGER NOT NULL DEFAULT 0,
    "hazards" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "Campaign_status_idx" ON "Campaign"("status");
