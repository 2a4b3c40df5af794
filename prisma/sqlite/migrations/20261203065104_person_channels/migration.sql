-- AlterTable
ALTER TABLE "Person" ADD COLUMN "channels" TEXT;
