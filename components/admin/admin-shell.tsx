// The admin screens' frame: a heading, the sections as links that wrap on a phone (never a
// sideways scroll), and the section's content. Also the plain refusal a non-admin sees.
import Link from "next/link";
import type { ReactNode } from "react";
import { Toaster } from "sonner";
import { buttonClasses } from "../ui/button";
import { Card } from "../ui/card";
import { cn } from "../ui/cn";
import { GettingStartedCard } from "./getting-started-card";

export const ADMIN_SECTIONS = [
  { slug: "hospital", label: "Hospital" },
  { slug: "doctors", label: "Doctors" },
  { slug: "staff", label: "Staff" },
  { slug: "tokens", label: "API tokens" },
  // "Screens" in the staff header opens the screens; here their links are added and withdrawn.
  { slug: "screens", label: "Screen links" },
] as const;

export type AdminSection = (typeof ADMIN_SECTIONS)[number]["slug"];

export function AdminShell({ section, children }: { section: AdminSection; children: ReactNode }) {
  return (
    <main className="mx-auto grid max-w-[1200px] gap-4 px-4 py-5">
      <div className="grid gap-3 md:flex md:items-end md:justify-between">
        <h1 className="m-0 text-2xl font-bold">Administration</h1>
        <nav aria-label="Administration sections">
          <ul className="m-0 flex list-none flex-wrap gap-1.5 p-0">
            {ADMIN_SECTIONS.map((s) => {
              const active = s.slug === section;
              return (
                <li key={s.slug}>
                  <Link
                    href={`/admin/${s.slug}`}
                    aria-current={active ? "page" : undefined}
                    className={cn(
                      "block rounded-full border px-3.5 py-1.5 font-semibold no-underline",
                      active
                        ? "border-brand bg-brand text-white"
                        : "border-line bg-white text-brand hover:bg-brand-soft",
                    )}
                  >
                    {s.label}
                  </Link>
                </li>
              );
            })}
          </ul>
        </nav>
      </div>
      <GettingStartedCard />
      {children}
      <Toaster position="top-center" offset={64} closeButton duration={5_000} />
    </main>
  );
}

/** What a signed-in doctor or receptionist sees at /admin. */
export function AdminOnly({ role }: { role: string }) {
  const home = role === "DOCTOR" ? "/doctor" : "/board";
  return (
    <main className="mx-auto grid max-w-xl gap-4 px-4 py-10">
      <Card>
        <h1 className="m-0 text-xl font-bold">Only an administrator can open this page</h1>
        <p>Ask an administrator of your clinic if something here needs a change.</p>
        <Link href={home} className={buttonClasses("primary")}>
          {role === "DOCTOR" ? "Back to my day" : "Back to the board"}
        </Link>
      </Card>
    </main>
  );
}
