"use client";
// Previous day, a date field, next day and Today: the board's and the doctor's page's day, kept in
// the address (`?date=`) so a reload or a shared link shows the same day.
import { useEffect } from "react";
import { Button } from "../ui/button";
import { Input } from "../ui/field";
import { addDays } from "./format";

export function DateControl({
  date,
  today,
  onChange,
}: {
  date: string;
  today: string;
  onChange: (date: string) => void;
}) {
  // Today is the address without a date: the page then follows the clock across midnight.
  useEffect(() => {
    const url = new URL(window.location.href);
    const want = date === today ? null : date;
    if (url.searchParams.get("date") === want) return;
    if (want) url.searchParams.set("date", want);
    else url.searchParams.delete("date");
    window.history.replaceState(null, "", url);
  }, [date, today]);

  return (
    <div className="flex flex-wrap items-center gap-2">
      <Button variant="ghost" aria-label="Previous day" onClick={() => onChange(addDays(date, -1))}>
        ‹
      </Button>
      <div className="w-40">
        <Input
          type="date"
          aria-label="Date"
          value={date}
          required
          onChange={(e) => e.target.value && onChange(e.target.value)}
        />
      </div>
      <Button variant="ghost" aria-label="Next day" onClick={() => onChange(addDays(date, 1))}>
        ›
      </Button>
      <Button disabled={date === today} onClick={() => onChange(today)}>
        Today
      </Button>
    </div>
  );
}
