// A one-time link an admin handed over: the person chooses a new password (no sign-in needed).
import type { Metadata } from "next";
import { CenteredPage } from "@/components/ui/centered-page";
import { pathParam } from "@/server/http/path-param";
import { ResetForm } from "./reset-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = {
  title: "Set your password · Patient Queue",
  robots: { index: false, follow: false },
  // The link is a key: it must not leave in a Referer header.
  referrer: "no-referrer",
};

export default async function ResetPage({ params }: { params: Promise<{ token: string }> }) {
  const token = pathParam((await params).token);
  return (
    <CenteredPage title="Set your password" subtitle="This link works once" className="max-w-[420px]">
      <ResetForm token={token} />
    </CenteredPage>
  );
}
