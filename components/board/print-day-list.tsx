"use client";
// A doctor's day as a plain table for an A4 printer; the print dialog opens once it is drawn.
import { useQuery } from "@tanstack/react-query";
import { useEffect } from "react";
import { useTRPC } from "../trpc";
import { STATUS_LABEL } from "../ui/status-chip";
import { clockTime, longDate } from "./format";

const A4_CSS = `
@page { size: A4; margin: 14mm; }
@media print { .no-print { display: none !important; } }
`;

export function PrintDayList({
  hospital,
  date,
  doctorId,
  timeZone,
}: {
  hospital: string;
  date: string;
  doctorId: string | null;
  timeZone: string;
}) {
  const trpc = useTRPC();
  const board = useQuery(trpc.queue.board.queryOptions({ date }));
  const queue = board.data?.queues.find((q) => q.doctor.id === doctorId) ?? board.data?.queues[0];
  const entries = [...(queue?.snapshot?.entries ?? [])].sort(
    (a, b) => new Date(a.scheduledAt).getTime() - new Date(b.scheduledAt).getTime() || a.ticket - b.ticket,
  );
  // No column of empty cells when nobody's reason was written down.
  const anyReason = entries.some((e) => e.note);
  const ready = Boolean(queue);
  useEffect(() => {
    if (ready) window.print();
  }, [ready]);

  return (
    <main className="mx-auto max-w-[210mm] bg-white p-6 text-black">
      <style>{A4_CSS}</style>
      {board.isPending ? (
        <p>Loading the day list…</p>
      ) : board.isError ? (
        <p role="alert">Could not load the day list: {board.error.message}</p>
      ) : !queue ? (
        <p role="alert">No doctor to print.</p>
      ) : (
        <>
          <div className="no-print mb-4 flex gap-3">
            <button
              type="button"
              className="rounded border px-3 py-1.5 font-semibold"
              onClick={() => window.print()}
            >
              Print
            </button>
            <a href={`/board?date=${date}&doctor=${queue.doctor.id}`}>Back to the board</a>
          </div>
          <h1 className="m-0 text-2xl font-bold">
            {queue.doctor.name} · Room {queue.doctor.room}
          </h1>
          <p className="mt-1 mb-4">
            {hospital} · {longDate(date)} · {entries.length} {entries.length === 1 ? "patient" : "patients"} ·
            times in {timeZone}
          </p>
          <table className="w-full border-collapse text-left text-sm" data-testid="day-list">
            <thead>
              <tr className="border-b-2 border-black">
                <th className="py-1 pr-2">Time</th>
                <th className="py-1 pr-2">Ticket</th>
                <th className="py-1 pr-2">Patient</th>
                {anyReason && <th className="py-1 pr-2">Reason</th>}
                <th className="py-1 pr-2">Status</th>
                <th className="py-1 pr-2">Paid</th>
                <th className="py-1">Seen ✓</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.appointmentId} className="break-inside-avoid border-b border-gray-400">
                  <td className="py-1.5 pr-2 tabular-nums">{clockTime(e.scheduledAt, timeZone)}</td>
                  <td className="py-1.5 pr-2 tabular-nums">{e.ticket}</td>
                  <td className="py-1.5 pr-2 font-semibold">
                    {e.patientName}
                    {e.priority === "URGENT" ? " (urgent)" : ""}
                  </td>
                  {anyReason && <td className="py-1.5 pr-2">{e.note ?? ""}</td>}
                  <td className="py-1.5 pr-2">{STATUS_LABEL[e.status]}</td>
                  <td className="py-1.5 pr-2">{e.paid ? "Yes" : "No"}</td>
                  {/* Ticked already for a visit that is over; a box to tick by hand for the rest. */}
                  <td className="py-1.5">{e.status === "COMPLETED" ? "☑" : "☐"}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {entries.length === 0 && <p>No appointments on this day.</p>}
        </>
      )}
    </main>
  );
}
