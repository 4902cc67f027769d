import Link from "next/link";
import { redirect } from "next/navigation";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { BrandMark } from "@/components/ui/centered-page";
import { currentStaff } from "@/server/auth/current-staff";

export const dynamic = "force-dynamic";

/** Each role's own home: the doctor's day, the board, the administration. */
const HOME = { DOCTOR: "/doctor", RECEPTIONIST: "/board", ADMIN: "/admin" } as const;

export default async function Home() {
  // Signed-in staff go to their role's home (also where signing in without a `next` lands).
  const staff = await currentStaff();
  if (staff) redirect(HOME[staff.role]);
  return (
    <main className="mx-auto grid max-w-xl gap-4 px-4 py-10">
      <div className="flex items-center gap-3">
        <BrandMark />
        <h1 className="m-0 text-3xl font-bold">Patient Queue</h1>
      </div>
      <Card>
        <h2 className="m-0 text-xl font-bold">Patients</h2>
        <p className="mb-0">
          Open the private link you received from the clinic to see your place in line and when you will be
          seen.
        </p>
      </Card>
      <Card>
        <h2 className="m-0 text-xl font-bold">Staff</h2>
        <p>Run the day&apos;s queues, see the statistics and set up the waiting-room screens.</p>
        <Link href="/login" className={buttonClasses("primary")}>
          Sign in
        </Link>
      </Card>
    </main>
  );
}
