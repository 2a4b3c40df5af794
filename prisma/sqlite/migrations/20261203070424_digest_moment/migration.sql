-- CreateIndex
CREATE INDEX "Digest_sendAt_status_idx" ON "Digest"("sendAt", "status");
