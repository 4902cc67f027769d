import { redirect } from "next/navigation";
import { BoardView } from "@/components/board/board-view";
import { StaffHeader } from "@/components/queue/staff-header";
import { currentStaff } from "@/server/auth/current-staff";
import { now } from "@/server/clock";
import { localDateOf } from "@/server/domain/time";

export const dynamic = "force-dynamic";
export const metadata = { title: "Reception board · patient-queue" };

export default async function BoardPage() {
  const staff = await currentStaff();
  if (!staff) redirect("/login?next=/board");
  return (
    <>
      <StaffHeader name={staff.name} role={staff.role} hospital={staff.hospital.name} />
      <BoardView
        today={localDateOf(now(), staff.hospital.timeZone)}
        timeZone={staff.hospital.timeZone}
        role={staff.role}
      />
    </>
  );
}
