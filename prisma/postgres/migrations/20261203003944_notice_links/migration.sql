-- AlterTable
ALTER TABLE "Notice" ADD COLUMN     "deliveriesJson" TEXT,
ADD COLUMN     "linksJson" TEXT;
