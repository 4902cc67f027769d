-- An email is unique within a hospital, not across hospitals: adding staff must not tell whether
-- another hospital has an account with that email. Sign-in looks accounts up by email (the index).

-- DropIndex
DROP INDEX "StaffUser_email_key";

-- CreateIndex
CREATE INDEX "StaffUser_email_idx" ON "StaffUser"("email");

-- CreateIndex
CREATE UNIQUE INDEX "StaffUser_hospitalId_email_key" ON "StaffUser"("hospitalId", "email");
