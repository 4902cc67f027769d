// The doctor's day: a doctor sees their own queue; reception and admins pick a doctor.

import { redirect } from "next/navigation";
import { pageDate } from "@/components/board/dates";
import { DoctorView } from "@/components/doctor/doctor-view";
import { StaffHeader } from "@/components/queue/staff-header";
import { currentStaff } from "@/server/auth/current-staff";
import { now } from "@/server/clock";
import { localDateOf } from "@/server/domain/time";

export const dynamic = "force-dynamic";
export const metadata = { title: "Doctor's day · Patient Queue" };

export default async function DoctorPage({
  searchParams,
}: {
  searchParams: Promise<{ doctor?: string; date?: string | string[] }>;
}) {
  const staff = await currentStaff();
  if (!staff) redirect("/login?next=/doctor");
  const { doctor, date: asked } = await searchParams;
  const today = localDateOf(now(), staff.hospital.timeZone);
  const isDoctor = staff.role === "DOCTOR";
  return (
    <>
      <StaffHeader
        name={staff.name}
        role={staff.role}
        hospital={staff.hospital.name}
        timeZone={staff.hospital.timeZone}
      />
      <DoctorView
        today={today}
        initialDate={pageDate(asked, today)}
        timeZone={staff.hospital.timeZone}
        ownDoctorId={isDoctor ? (staff.doctorId ?? "") : null}
        initialDoctorId={isDoctor || typeof doctor !== "string" ? null : doctor.slice(0, 64)}
      />
    </>
  );
}
