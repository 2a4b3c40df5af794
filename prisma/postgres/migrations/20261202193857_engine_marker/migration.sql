-- CreateTable
CREATE TABLE "EngineMarker" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "engineId" TEXT NOT NULL,
    "dataDir" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EngineMarker_pkey" PRIMARY KEY ("id")
);
