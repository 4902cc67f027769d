"use client";
// The ticket slip for an 80 mm receipt printer: ticket, patient, doctor, time and the tracking QR.
// On screen it is not shown; while it is mounted, printing shows only the slip.
import { createPortal } from "react-dom";

export type SlipInfo = {
  ticket: number;
  patientName: string;
  doctorName: string;
  /** "Thursday 12 March · 10:00" as the desk reads it. */
  when: string;
  hospital?: string;
};

// Scoped to the slip: the page size applies only while a slip is mounted (the day list prints A4).
const SLIP_CSS = `
@page { size: 80mm auto; margin: 4mm; }
@media print {
  body > *:not(.print-slip) { display: none !important; }
  .print-slip { display: block !important; }
}
`;

export function PrintSlip({ slip, qr }: { slip: SlipInfo; qr: string | null }) {
  if (typeof document === "undefined") return null;
  return createPortal(
    <div className="print-slip hidden w-[72mm] font-sans text-black" data-testid="print-slip">
      <style>{SLIP_CSS}</style>
      {slip.hospital && <p className="m-0 text-center text-sm">{slip.hospital}</p>}
      <p className="m-0 text-center text-sm">Ticket</p>
      <p className="m-0 text-center text-5xl leading-tight font-black">{slip.ticket}</p>
      <p className="m-0 mt-1 text-center text-lg font-bold">{slip.patientName}</p>
      <p className="m-0 text-center">{slip.doctorName}</p>
      <p className="m-0 text-center">{slip.when}</p>
      {qr && (
        // biome-ignore lint/performance/noImgElement: a generated data URL, nothing to optimise.
        <img src={qr} alt="" width={200} height={200} className="mx-auto mt-2 block size-[50mm]" />
      )}
      <p className="m-0 mt-1 text-center text-sm">
        Scan with your phone camera to follow your place in the queue.
      </p>
    </div>,
    document.body,
  );
}
