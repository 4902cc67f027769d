// A one-time link an admin handed over: the person chooses a new password (no sign-in needed).
import type { Metadata } from "next";
import { ResetForm } from "./reset-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = {
  title: "Set your password · Patient Queue",
  robots: { index: false, follow: false },
  // The link is a key: it must not leave in a Referer header.
  referrer: "no-referrer",
};

export default async function ResetPage({ params }: { params: Promise<{ token: string }> }) {
  const token = decodeURIComponent((await params).token);
  return (
    <main className="grid min-h-dvh place-items-center px-4 py-10">
      <div className="grid w-full max-w-[420px] gap-5">
        <div className="flex items-center gap-3">
          <span
            aria-hidden
            className="grid size-11 place-items-center rounded-xl bg-brand text-2xl font-black text-white"
          >
            +
          </span>
          <div>
            <h1 className="m-0 text-2xl font-bold">Set your password</h1>
            <p className="m-0 text-muted">This link works once</p>
          </div>
        </div>
        <ResetForm token={token} />
      </div>
    </main>
  );
}
