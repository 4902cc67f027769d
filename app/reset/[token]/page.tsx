// A one-time link an admin handed over: the person chooses a new password (no sign-in needed). A
// link that can no longer be used says so at once, instead of a form that fails after the typing.
import type { Metadata } from "next";
import Link from "next/link";
import { Banner } from "@/components/ui/banner";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { CenteredPage } from "@/components/ui/centered-page";
import { pathParam } from "@/server/http/path-param";
import { resetLinkState } from "@/server/services/passwords";
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
  const state = await resetLinkState(token);
  return (
    <CenteredPage title="Set your password" subtitle="This link works once" className="max-w-[420px]">
      {state === "usable" ? (
        <ResetForm token={token} />
      ) : (
        <Card className="grid gap-4 p-5" data-testid="reset-link-problem">
          <Banner tone="bad" role="alert" title="This link cannot be used">
            {state === "expired"
              ? "It has expired (links work for 24 hours). Please ask your admin for a new one."
              : "It may have been used already, or replaced by a newer one. Please ask your admin for a new one."}
          </Banner>
          <Link href="/login" className={buttonClasses("secondary", "lg")}>
            Go to sign in
          </Link>
        </Card>
      )}
    </CenteredPage>
  );
}
