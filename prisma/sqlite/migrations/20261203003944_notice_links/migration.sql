-- AlterTable
ALTER TABLE "Notice" ADD COLUMN "deliveriesJson" TEXT;
ALTER TABLE "Notice" ADD COLUMN "linksJson" TEXT;
