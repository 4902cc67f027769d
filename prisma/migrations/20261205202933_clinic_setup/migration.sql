-- AlterTable
ALTER TABLE "Hospital" ADD COLUMN     "address" TEXT,
ADD COLUMN     "languages" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "mapUrl" TEXT,
ADD COLUMN     "phone" TEXT,
ADD COLUMN     "trackingLinkHours" INTEGER;

-- CreateTable
CREATE TABLE "WorkingPeriod" (
    "id" TEXT NOT NULL,
    "doctorId" TEXT NOT NULL,
    "weekday" INTEGER NOT NULL,
    "start" TEXT NOT NULL,
    "end" TEXT NOT NULL,

    CONSTRAINT "WorkingPeriod_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DayOff" (
    "id" TEXT NOT NULL,
    "doctorId" TEXT NOT NULL,
    "date" TEXT NOT NULL,
    "note" TEXT,

    CONSTRAINT "DayOff_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PasswordResetLink" (
    "id" TEXT NOT NULL,
    "staffId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "usedAt" TIMESTAMPTZ(3),

    CONSTRAINT "PasswordResetLink_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DisplayScreen" (
    "id" TEXT NOT NULL,
    "hospitalId" TEXT NOT NULL,
    "doctorId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "revokedAt" TIMESTAMPTZ(3),
    "lastSeenAt" TIMESTAMPTZ(3),

    CONSTRAINT "DisplayScreen_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SetupCode" (
    "id" INTEGER NOT NULL,
    "codeHash" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "usedAt" TIMESTAMPTZ(3),

    CONSTRAINT "SetupCode_pkey" PRIMARY KEY ("id")
);

-- Existing doctors keep their hours: one period per worked weekday (an end at or before the start ran
-- to midnight).
INSERT INTO "WorkingPeriod" ("id", "doctorId", "weekday", "start", "end")
SELECT 'wp' || md5(d."id" || ':' || w.day::text), d."id", w.day, d."workStart",
       CASE WHEN d."workEnd" <= d."workStart" THEN '24:00' ELSE d."workEnd" END
FROM "Doctor" d CROSS JOIN LATERAL unnest(d."workDays") AS w(day);

-- AlterTable
ALTER TABLE "Doctor" DROP COLUMN "workDays",
DROP COLUMN "workEnd",
DROP COLUMN "workStart",
ADD COLUMN     "learnsPace" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "placesPerHour" INTEGER;

-- CreateIndex
CREATE INDEX "WorkingPeriod_doctorId_weekday_idx" ON "WorkingPeriod"("doctorId", "weekday");

-- CreateIndex
CREATE UNIQUE INDEX "DayOff_doctorId_date_key" ON "DayOff"("doctorId", "date");

-- CreateIndex
CREATE UNIQUE INDEX "PasswordResetLink_tokenHash_key" ON "PasswordResetLink"("tokenHash");

-- CreateIndex
CREATE INDEX "PasswordResetLink_staffId_idx" ON "PasswordResetLink"("staffId");

-- CreateIndex
CREATE INDEX "DisplayScreen_hospitalId_idx" ON "DisplayScreen"("hospitalId");

-- AddForeignKey
ALTER TABLE "WorkingPeriod" ADD CONSTRAINT "WorkingPeriod_doctorId_fkey" FOREIGN KEY ("doctorId") REFERENCES "Doctor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DayOff" ADD CONSTRAINT "DayOff_doctorId_fkey" FOREIGN KEY ("doctorId") REFERENCES "Doctor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PasswordResetLink" ADD CONSTRAINT "PasswordResetLink_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "StaffUser"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DisplayScreen" ADD CONSTRAINT "DisplayScreen_hospitalId_fkey" FOREIGN KEY ("hospitalId") REFERENCES "Hospital"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DisplayScreen" ADD CONSTRAINT "DisplayScreen_doctorId_fkey" FOREIGN KEY ("doctorId") REFERENCES "Doctor"("id") ON DELETE CASCADE ON UPDATE CASCADE;
