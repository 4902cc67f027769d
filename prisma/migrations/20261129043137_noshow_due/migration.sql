-- AlterTable
ALTER TABLE "Appointment" ADD COLUMN     "noShowDueAt" TIMESTAMPTZ(3);

-- CreateIndex
CREATE INDEX "Appointment_status_noShowDueAt_idx" ON "Appointment"("status", "noShowDueAt");
