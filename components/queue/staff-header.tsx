"use client";
// The staff screens' header: hospital, who is signed in and as what, the screens their role may
// use, changing one's own password, and sign out.
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useState } from "react";
import { FindPatient } from "../board/find-patient";
import { useTRPC } from "../trpc";
import { Button } from "../ui/button";
import { cn } from "../ui/cn";
import { ChangePasswordDialog } from "./change-password-dialog";

type Role = "ADMIN" | "RECEPTIONIST" | "DOCTOR";

const ROLE_LABEL: Record<Role, string> = { ADMIN: "Admin", RECEPTIONIST: "Reception", DOCTOR: "Doctor" };

const NAV: { href: string; label: string; roles: Role[] }[] = [
  { href: "/board", label: "Board", roles: ["ADMIN", "RECEPTIONIST", "DOCTOR"] },
  { href: "/doctor", label: "My day", roles: ["DOCTOR"] },
  { href: "/stats", label: "Stats", roles: ["ADMIN", "RECEPTIONIST", "DOCTOR"] },
  { href: "/display", label: "Screens", roles: ["ADMIN", "RECEPTIONIST"] },
  { href: "/admin", label: "Admin", roles: ["ADMIN"] },
];

export function StaffHeader({
  name,
  role,
  hospital,
  timeZone,
}: {
  name: string;
  role: string;
  hospital: string;
  /** The hospital's zone: with it, the header offers "Find a patient". */
  timeZone?: string;
}) {
  const trpc = useTRPC();
  const pathname = usePathname();
  const logout = useMutation(
    trpc.auth.logout.mutationOptions({ onSuccess: () => window.location.assign("/login") }),
  );
  const links = NAV.filter((n) => n.roles.includes(role as Role));
  const [changingPassword, setChangingPassword] = useState(false);
  return (
    <header className="bg-brand text-white">
      {/* The first key stop: past the header's links to the page itself (26 stops on a tablet). */}
      <button
        type="button"
        className="sr-only cursor-pointer rounded-lg border-0 bg-white px-3 py-2 font-semibold text-brand focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50"
        onClick={() => {
          const main = document.querySelector("main");
          if (!main) return;
          main.tabIndex = -1;
          main.focus();
        }}
      >
        Skip to the page
      </button>
      <div className="mx-auto flex max-w-[1200px] flex-wrap items-center gap-x-4 gap-y-2 px-4 py-2.5">
        <Link href="/" className="flex items-center gap-2 text-white no-underline">
          <span
            aria-hidden
            className="grid size-8 place-items-center rounded-lg bg-white text-lg font-black text-brand"
          >
            +
          </span>
          <span className="text-lg font-bold leading-tight">{hospital}</span>
        </Link>
        <nav aria-label="Staff screens" className="order-last w-full sm:order-none sm:w-auto">
          <ul className="m-0 flex list-none gap-1 p-0">
            {links.map((link) => {
              const active = pathname === link.href || pathname.startsWith(`${link.href}/`);
              return (
                <li key={link.href}>
                  <Link
                    href={link.href}
                    aria-current={active ? "page" : undefined}
                    className={cn(
                      "block rounded-lg px-3 py-2 font-semibold text-white no-underline hover:bg-brand-strong",
                      active && "bg-brand-strong underline decoration-2 underline-offset-4",
                    )}
                  >
                    {link.label}
                  </Link>
                </li>
              );
            })}
          </ul>
        </nav>
        {timeZone && <FindPatient timeZone={timeZone} mayChange={role !== "DOCTOR"} />}
        {/* On a phone one line: the name (its role on wider screens) and short buttons, so the
            header does not take a quarter of the screen before the queue. */}
        <div className="ml-auto flex min-w-0 items-center gap-2 sm:gap-3">
          <span className="min-w-0 text-right leading-tight">
            <span className="block truncate font-semibold">{name}</span>
            <span className="hidden text-sm text-white/85 sm:block">{ROLE_LABEL[role as Role] ?? role}</span>
          </span>
          <Button
            variant="onBrand"
            size="sm"
            className="whitespace-nowrap"
            aria-label="Change password"
            onClick={() => setChangingPassword(true)}
          >
            {/* The short word below 1280 px keeps a tablet's header on one line. */}
            <span className="xl:hidden">Password</span>
            <span className="hidden xl:inline">Change password</span>
          </Button>
          <Button
            variant="onBrand"
            size="sm"
            className="whitespace-nowrap"
            onClick={() => logout.mutate()}
            disabled={logout.isPending}
          >
            {logout.isPending ? "Signing out…" : "Sign out"}
          </Button>
        </div>
      </div>
      {changingPassword && <ChangePasswordDialog onClose={() => setChangingPassword(false)} />}
      {logout.error && (
        <p role="alert" className="m-0 bg-bad-soft px-4 py-2 text-bad">
          Could not sign out: {logout.error.message}
        </p>
      )}
    </header>
  );
}
