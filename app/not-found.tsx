import Link from "next/link";
import { Banner } from "@/components/ui/banner";

export default function NotFound() {
  return (
    <main className="mx-auto grid max-w-xl gap-4 px-4 py-10">
      <Banner tone="info" title="This page does not exist">
        <p className="m-0 font-normal">
          Check the address, or go to the <Link href="/">start page</Link>.
        </p>
      </Banner>
    </main>
  );
}
