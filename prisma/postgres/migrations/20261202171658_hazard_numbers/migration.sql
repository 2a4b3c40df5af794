-- CreateTable
CREATE TABLE "HazardNumber" (
    "requestId" TEXT NOT NULL,
    "hazardId" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "HazardNumber_pkey" PRIMARY KEY ("requestId")
);

-- CreateIndex
CREATE UNIQUE INDEX "HazardNumber_year_seq_key" ON "HazardNumber"("year", "seq");
