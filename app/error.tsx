"use client";
// Any page that failed while rendering: say so plainly and offer to try again.
import { Banner } from "@/components/ui/banner";
import { Button } from "@/components/ui/button";

export default function ErrorPage({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <main className="mx-auto grid max-w-xl gap-4 px-4 py-10">
      <Banner tone="bad" role="alert" title="Something went wrong on this page">
        <p className="m-0 font-normal">
          Please try again. If it keeps happening, tell the clinic&apos;s IT contact
          {error.digest ? ` (reference ${error.digest})` : ""}.
        </p>
      </Banner>
      <div>
        <Button variant="primary" onClick={reset}>
          Try again
        </Button>
      </div>
    </main>
  );
}
