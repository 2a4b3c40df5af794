-- AlterTable
ALTER TABLE "Person" ADD COLUMN     "mobile" TEXT;

-- AlterTable
ALTER TABLE "Town" ADD COLUMN     "channelsJson" TEXT NOT NULL DEFAULT '[]';

-- CreateTable
CREATE TABLE "RobotPost" (
    "id" SERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "ref" TEXT NOT NULL,
    "kindsJson" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "mentionsJson" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "markdown" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "postedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RobotPost_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "RobotPost_key_key" ON "RobotPost"("key");

-- CreateIndex
CREATE INDEX "RobotPost_channel_status_at_idx" ON "RobotPost"("channel", "status", "at");

-- CreateIndex
CREATE INDEX "RobotPost_channel_postedAt_idx" ON "RobotPost"("channel", "postedAt");
