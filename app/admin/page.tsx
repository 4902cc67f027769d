import { redirect } from "next/navigation";
import { AdminOnly } from "@/components/admin/admin-shell";
import { StaffHeader } from "@/components/queue/staff-header";
import { currentStaff } from "@/server/auth/current-staff";

export const dynamic = "force-dynamic";
export const metadata = { title: "Administration · Patient Queue" };

/** /admin opens the hospital settings, the first thing a new clinic fills in. */
export default async function AdminHome() {
  const staff = await currentStaff();
  if (!staff) redirect("/login?next=/admin");
  if (staff.role === "ADMIN") redirect("/admin/hospital");
  return (
    <>
      <StaffHeader
        name={staff.name}
        role={staff.role}
        hospital={staff.hospital.name}
        timeZone={staff.hospital.timeZone}
      />
      <AdminOnly role={staff.role} />
    </>
  );
}
