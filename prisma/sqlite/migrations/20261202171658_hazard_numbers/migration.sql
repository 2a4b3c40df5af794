-- CreateTable
CREATE TABLE "HazardNumber" (
    "requestId" TEXT NOT NULL PRIMARY KEY,
    "hazardId" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "at" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "HazardNumber_year_seq_key" ON "HazardNumber"("year", "seq");
