import { redirect } from "next/navigation";
import { safeNextPath } from "@/components/safe-next";
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
    <main className="grid min-h-dvh place-items-center px-4 py-10">
      <div className="grid w-full max-w-[400px] gap-5">
        <div className="flex items-center gap-3">
          <span
            aria-hidden
            className="grid size-11 place-items-center rounded-xl bg-brand text-2xl font-black text-white"
          >
            +
          </span>
          <div>
            <h1 className="m-0 text-2xl font-bold">Staff sign in</h1>
            <p className="m-0 text-muted">Reception, doctors and admins</p>
          </div>
        </div>
        <LoginForm next={next} />
        <p className="m-0 text-center text-sm text-muted">
          Patients do not need to sign in: open the link you received from the clinic.
        </p>
      </div>
    </main>
  );
}
