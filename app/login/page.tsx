import { redirect } from "next/navigation";
import { safeNextPath } from "@/components/safe-next";
import { CenteredPage } from "@/components/ui/centered-page";
import { currentStaff } from "@/server/auth/current-staff";
import { env } from "@/server/env";
import { LoginForm } from "./login-form";

export const dynamic = "force-dynamic";
export const metadata = { title: "Staff sign in · Patient Queue" };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string | string[] }>;
}) {
  // Only a path on this site: never an open redirect (components/safe-next.ts).
  const next = safeNextPath((await searchParams).next, env().PUBLIC_URL);
  if (await currentStaff()) redirect(next);
  return (
    <CenteredPage title="Staff sign in" subtitle="Reception, doctors and admins" className="max-w-[400px]">
      <LoginForm next={next} />
      <p className="m-0 text-center text-sm text-muted">
        Patients do not need to sign in: open the link you received from the clinic.
      </p>
    </CenteredPage>
  );
}
