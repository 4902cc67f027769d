import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { CenteredPage } from "@/components/ui/centered-page";

/** An address that leads nowhere: said under the product's name, with the ways on. */
export default function NotFound() {
  return (
    <CenteredPage title="This page does not exist" subtitle="Patient Queue" className="max-w-[480px]">
      <Card className="grid gap-3 p-5">
        <p className="m-0">
          Check the address. A patient&apos;s own page opens from the private link the clinic sent; if that
          link no longer works, the clinic can send a new one.
        </p>
        <div className="flex flex-wrap gap-2">
          <Link href="/" className={buttonClasses("primary")}>
            Start page
          </Link>
          <Link href="/login" className={buttonClasses("secondary")}>
            Staff sign-in
          </Link>
        </div>
      </Card>
    </CenteredPage>
  );
}
