-- AlterTable
ALTER TABLE "Task" ADD COLUMN "stateJson" TEXT;
