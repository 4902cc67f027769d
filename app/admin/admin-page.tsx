// Every admin page's guard: signed out goes to sign-in (and back here after), another role gets a
// plain refusal; an admin gets the header, the section nav and the section.
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { AdminOnly, type AdminSection, AdminShell } from "@/components/admin/admin-shell";
import { StaffHeader } from "@/components/queue/staff-header";
import { currentStaff } from "@/server/auth/current-staff";

type Staff = NonNullable<Awaited<ReturnType<typeof currentStaff>>>;

export async function AdminPage({
  section,
  children,
}: {
  section: AdminSection;
  children: (staff: Staff) => ReactNode;
}) {
  const staff = await currentStaff();
  if (!staff) redirect(`/login?next=${encodeURIComponent(`/admin/${section}`)}`);
  return (
    <>
      <StaffHeader
        name={staff.name}
        role={staff.role}
        hospital={staff.hospital.name}
        timeZone={staff.hospital.timeZone}
      />
      {staff.role === "ADMIN" ? (
        <AdminShell section={section}>{children(staff)}</AdminShell>
      ) : (
        <AdminOnly role={staff.role} />
      )}
    </>
  );
}
