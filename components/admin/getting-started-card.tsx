"use client";
// "Getting started" on the admin screens of a clinic that cannot run a day yet: after setup nothing
// else pointed the admin to adding doctors, their hours and reception.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "../trpc";
import { Card } from "../ui/card";
import { gettingStarted } from "./getting-started";

export function GettingStartedCard() {
  const trpc = useTRPC();
  const doctors = useQuery(trpc.adminDoctors.list.queryOptions());
  const staff = useQuery(trpc.adminStaff.list.queryOptions());
  if (!doctors.data || !staff.data) return null;
  const steps = gettingStarted(doctors.data, staff.data);
  if (!steps) return null;
  return (
    <Card className="grid gap-2 border-brand" aria-labelledby="getting-started">
      <h2 id="getting-started" className="m-0 text-lg font-bold">
        Getting started
      </h2>
      <p className="m-0 text-muted">The clinic can take patients once these are done.</p>
      <ol className="m-0 grid list-none gap-1.5 p-0" data-testid="getting-started">
        {steps.map((s, i) => (
          <li key={s.label} className="flex flex-wrap items-baseline gap-x-2">
            <span className={s.done ? "font-semibold text-ok" : "font-semibold text-muted"} aria-hidden>
              {s.done ? "✓" : `${i + 1}.`}
            </span>
            <span className="sr-only">{s.done ? "Done: " : "To do: "}</span>
            {s.done ? (
              <span className="text-muted line-through">{s.label}</span>
            ) : (
              <Link href={s.href} className="font-semibold">
                {s.label}
              </Link>
            )}
            {!s.done && <span className="text-sm text-muted">{s.hint}</span>}
          </li>
        ))}
      </ol>
    </Card>
  );
}
