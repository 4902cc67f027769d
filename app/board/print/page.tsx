// The day list of one doctor, for an A4 printer: staff only, like the board.
import { redirect } from "next/navigation";
import { pageDate } from "@/components/board/dates";
import { PrintDayList } from "@/components/board/print-day-list";
import { currentStaff } from "@/server/auth/current-staff";
import { now } from "@/server/clock";
import { localDateOf } from "@/server/domain/time";

export const dynamic = "force-dynamic";
export const metadata = { title: "Day list · Patient Queue" };

export default async function PrintDayListPage({
  searchParams,
}: {
  searchParams: Promise<{ doctor?: string | string[]; date?: string | string[] }>;
}) {
  const { doctor, date } = await searchParams;
  const staff = await currentStaff();
  if (!staff) {
    const back = new URLSearchParams();
    if (typeof date === "string") back.set("date", date);
    if (typeof doctor === "string") back.set("doctor", doctor);
    redirect(`/login?next=${encodeURIComponent(`/board/print?${back}`)}`);
  }
  const today = localDateOf(now(), staff.hospital.timeZone);
  return (
    <PrintDayList
      hospital={staff.hospital.name}
      date={pageDate(date, today)}
      doctorId={typeof doctor === "string" ? doctor : null}
      timeZone={staff.hospital.timeZone}
    />
  );
}
