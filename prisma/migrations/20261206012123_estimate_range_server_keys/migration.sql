-- AlterTable
ALTER TABLE "Appointment" ADD COLUMN     "quotedEarliestAt" TIMESTAMPTZ(3),
ADD COLUMN     "quotedLatestAt" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "ServerKey" (
    "name" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ServerKey_pkey" PRIMARY KEY ("name")
);
