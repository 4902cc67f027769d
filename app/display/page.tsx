// For staff: the waiting-room screen link of each doctor, to open on the screen by the door.
import { redirect } from "next/navigation";
import { DisplayLinks } from "@/components/queue/display-links";
import { StaffHeader } from "@/components/queue/staff-header";
import { Banner } from "@/components/ui/banner";
import { currentStaff } from "@/server/auth/current-staff";
import { callerFor } from "@/server/trpc/caller";

export const dynamic = "force-dynamic";
export const metadata = { title: "Waiting-room screens · Patient Queue" };

export default async function DisplayIndexPage() {
  const staff = await currentStaff();
  if (!staff) redirect("/login?next=/display");
  const mayLink = staff.role === "ADMIN" || staff.role === "RECEPTIONIST";
  const caller = await callerFor(staff);
  const doctors = mayLink ? await caller.queue.doctors() : [];
  // Only links already made: opening this page adds no screen (a button makes one).
  const links = await Promise.all(doctors.map((d) => caller.display.existingLink({ doctorId: d.id })));
  return (
    <>
      <StaffHeader
        name={staff.name}
        role={staff.role}
        hospital={staff.hospital.name}
        timeZone={staff.hospital.timeZone}
      />
      <main className="mx-auto grid max-w-[1200px] gap-4 px-4 py-6">
        <div>
          <h1 className="m-0 text-2xl font-bold">Waiting-room screens</h1>
          <p className="m-0 mt-1 max-w-[70ch] text-muted">
            Open a doctor&apos;s link on the screen in their waiting room. It shows ticket numbers only, never
            names, updates by itself and needs no sign-in. A link works for a year; treat it like a key. An
            admin withdraws a lost screen&apos;s link under Administration, Screen links.
          </p>
        </div>
        {mayLink ? (
          <DisplayLinks
            doctors={doctors.map((d, i) => ({
              id: d.id,
              name: d.name,
              room: d.room,
              specialty: d.specialty,
              link: links[i] ? { url: links[i].url, path: links[i].path } : null,
            }))}
          />
        ) : (
          <Banner tone="info">Reception or an admin can give you a waiting-room screen link.</Banner>
        )}
      </main>
    </>
  );
}
