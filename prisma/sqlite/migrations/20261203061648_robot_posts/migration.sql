-- AlterTable
ALTER TABLE "Person" ADD COLUMN "mobile" TEXT;

-- CreateTable
CREATE TABLE "RobotPost" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "key" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "ref" TEXT NOT NULL,
    "kindsJson" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "mentionsJson" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "markdown" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "postedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Town" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT DEFAULT 1,
    "name" TEXT NOT NULL,
    "safetyLeaderId" TEXT NOT NULL,
    "calendarJson" TEXT NOT NULL,
    "policyJson" TEXT NOT NULL,
    "dutiesJson" TEXT NOT NULL,
    "channelsJson" TEXT NOT NULL DEFAULT '[]',
    "profileVersion" INTEGER NOT NULL,
    "loadedAt" DATETIME NOT NULL
);
INSERT INTO "new_Town" ("calendarJson", "dutiesJson", "id", "loadedAt", "name", "policyJson", "profileVersion", "safetyLeaderId") SELECT "calendarJson", "dutiesJson", "id", "loadedAt", "name", "policyJson", "profileVersion", "safetyLeaderId" FROM "Town";
DROP TABLE "Town";
ALTER TABLE "new_Town" RENAME TO "Town";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "RobotPost_key_key" ON "RobotPost"("key");

-- CreateIndex
CREATE INDEX "RobotPost_channel_status_at_idx" ON "RobotPost"("channel", "status", "at");

-- CreateIndex
CREATE INDEX "RobotPost_channel_postedAt_idx" ON "RobotPost"("channel", "postedAt");
