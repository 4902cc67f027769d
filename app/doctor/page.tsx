// The doctor's day: a doctor sees their own queue; reception and admins pick a doctor.

import { redirect } from "next/navigation";
import { DoctorView } from "@/components/doctor/doctor-view";
import { StaffHeader } from "@/components/queue/staff-header";
import { currentStaff } from "@/server/auth/current-staff";
import { now } from "@/server/clock";
import { localDateOf } from "@/server/domain/time";

export const dynamic = "force-dynamic";
export const metadata = { title: "Doctor's day · patient-queue" };

export default async function DoctorPage({ searchParams }: { searchParams: Promise<{ doctor?: string }> }) {
  const staff = await currentStaff();
  if (!staff) redirect("/login?next=/doctor");
  const { doctor } = await searchParams;
  const isDoctor = staff.role === "DOCTOR";
  return (
    <>
      <StaffHeader name={staff.name} role={staff.role} hospital={staff.hospital.name} />
      <DoctorView
        today={localDateOf(now(), staff.hospital.timeZone)}
        timeZone={staff.hospital.timeZone}
        ownDoctorId={isDoctor ? (staff.doctorId ?? "") : null}
        initialDoctorId={isDoctor ? null : (doctor?.slice(0, 64) ?? null)}
      />
    </>
  );
}
