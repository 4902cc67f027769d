-- AlterTable
ALTER TABLE "Doctor" ALTER COLUMN "consultationMinutes" DROP NOT NULL,
ALTER COLUMN "consultationMinutes" DROP DEFAULT;
