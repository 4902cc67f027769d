import { redirect } from "next/navigation";
import { Board } from "@/components/queue/board";
import { StaffHeader } from "@/components/queue/staff-header";
import { currentStaff } from "@/server/auth/current-staff";

export const dynamic = "force-dynamic";
export const metadata = { title: "Reception board · patient-queue" };

export default async function BoardPage() {
  const staff = await currentStaff();
  if (!staff) redirect("/login?next=/board");
  return (
    <>
      <StaffHeader name={staff.name} role={staff.role} hospital={staff.hospital.name} />
      <Board timeZone={staff.hospital.timeZone} canCheckIn={staff.role !== "DOCTOR"} />
    </>
  );
}
