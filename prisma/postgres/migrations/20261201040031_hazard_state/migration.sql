-- AlterTable
ALTER TABLE "Hazard" ADD COLUMN     "stateJson" TEXT;
