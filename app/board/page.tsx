import { redirect } from "next/navigation";
import { BoardView } from "@/components/board/board-view";
import { pageDate } from "@/components/board/dates";
import { StaffHeader } from "@/components/queue/staff-header";
import { currentStaff } from "@/server/auth/current-staff";
import { now } from "@/server/clock";
import { localDateOf } from "@/server/domain/time";

export const dynamic = "force-dynamic";
export const metadata = { title: "Reception board · Patient Queue" };

export default async function BoardPage({
  searchParams,
}: {
  searchParams: Promise<{ date?: string | string[] }>;
}) {
  const staff = await currentStaff();
  if (!staff) redirect("/login?next=/board");
  const today = localDateOf(now(), staff.hospital.timeZone);
  const date = pageDate((await searchParams).date, today);
  return (
    <>
      <StaffHeader
        name={staff.name}
        role={staff.role}
        hospital={staff.hospital.name}
        timeZone={staff.hospital.timeZone}
      />
      <BoardView today={today} initialDate={date} timeZone={staff.hospital.timeZone} role={staff.role} />
    </>
  );
}
