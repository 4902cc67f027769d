"use client";
// Any page that failed while rendering: say so plainly, under the product's name, and offer to try again.
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { CenteredPage } from "@/components/ui/centered-page";

export default function ErrorPage({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <CenteredPage
      title="Something went wrong on this page"
      subtitle="Patient Queue"
      className="max-w-[480px]"
    >
      <Card role="alert" className="grid gap-3 p-5">
        <p className="m-0">
          Please try again. If it keeps happening, tell the clinic&apos;s IT contact
          {error.digest ? ` (reference ${error.digest})` : ""}.
        </p>
        <div>
          <Button variant="primary" onClick={reset}>
            Try again
          </Button>
        </div>
      </Card>
    </CenteredPage>
  );
}
