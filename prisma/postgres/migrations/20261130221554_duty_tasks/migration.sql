-- AlterTable
ALTER TABLE "Notice" ADD COLUMN     "ics" TEXT;

-- CreateTable
CREATE TABLE "Task" (
    "id" TEXT NOT NULL,
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
    "completedAt" TIMESTAMP(3),
    "completedBy" TEXT,
    "evidence" TEXT,
    "late" BOOLEAN NOT NULL DEFAULT false,
    "specJson" TEXT NOT NULL,
    "escalationLevel" INTEGER NOT NULL DEFAULT 0,
    "nextNoticeAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Task_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TaskEvent" (
    "id" SERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "taskId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "type" TEXT NOT NULL,
    "by" TEXT,
    "evidence" TEXT,
    "detailJson" TEXT NOT NULL DEFAULT '{}',

    CONSTRAINT "TaskEvent_pkey" PRIMARY KEY ("id")
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

-- AddForeignKey
ALTER TABLE "TaskEvent" ADD CONSTRAINT "TaskEvent_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "Task"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
