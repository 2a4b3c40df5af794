-- AlterTable
ALTER TABLE "Notice" ADD COLUMN "ics" TEXT;

-- CreateTable
CREATE TABLE "Task" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "dutyId" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "scopeKind" TEXT,
    "scopeId" TEXT,
    "assigneeId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "opensOn" TEXT NOT NULL,
    "due" TEXT NOT NULL,
    "dueTrace" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "completedAt" DATETIME,
    "completedBy" TEXT,
    "evidence" TEXT,
    "late" BOOLEAN NOT NULL DEFAULT false,
    "specJson" TEXT NOT NULL,
    "escalationLevel" INTEGER NOT NULL DEFAULT 0,
    "nextNoticeAt" DATETIME,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "TaskEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "key" TEXT NOT NULL,
    "taskId" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "type" TEXT NOT NULL,
    "by" TEXT,
    "evidence" TEXT,
    "detailJson" TEXT NOT NULL DEFAULT '{}',
    CONSTRAINT "TaskEvent_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "Task" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Task_status_due_idx" ON "Task"("status", "due");

-- CreateIndex
CREATE INDEX "Task_assigneeId_status_idx" ON "Task"("assigneeId", "status");

-- CreateIndex
CREATE INDEX "Task_dutyId_period_idx" ON "Task"("dutyId", "period");

-- CreateIndex
CREATE INDEX "Task_nextNoticeAt_idx" ON "Task"("nextNoticeAt");

-- CreateIndex
CREATE UNIQUE INDEX "TaskEvent_key_key" ON "TaskEvent"("key");

-- CreateIndex
CREATE INDEX "TaskEvent_taskId_at_idx" ON "TaskEvent"("taskId", "at");
