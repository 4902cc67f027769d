// Statistics for admins and reception (a doctor sees their own), with live system figures.

import { redirect } from "next/navigation";
import { StaffHeader } from "@/components/queue/staff-header";
import { StatsView } from "@/components/stats/stats-view";
import { currentStaff } from "@/server/auth/current-staff";
import { now } from "@/server/clock";
import { localDateOf } from "@/server/domain/time";

export const dynamic = "force-dynamic";
export const metadata = { title: "Statistics · Patient Queue" };

export default async function StatsPage() {
  const staff = await currentStaff();
  if (!staff) redirect("/login?next=/stats");
  return (
    <>
      <StaffHeader
        name={staff.name}
        role={staff.role}
        hospital={staff.hospital.name}
        timeZone={staff.hospital.timeZone}
      />
      <StatsView
        today={localDateOf(now(), staff.hospital.timeZone)}
        ownDoctorId={staff.doctorId}
        mayReadHospital={staff.role !== "DOCTOR"}
        isAdmin={staff.role === "ADMIN"}
      />
    </>
  );
}
