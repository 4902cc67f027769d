-- AlterTable
ALTER TABLE "Appointment" ADD COLUMN     "note" TEXT;
