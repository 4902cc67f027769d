"use client";
// A patient's tracking link to hand over: the address to copy and a QR code to scan from the screen.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTRPC } from "../trpc";
import { Banner } from "../ui/banner";
import { Button } from "../ui/button";
import { Dialog } from "../ui/dialog";
import { Field, Input } from "../ui/field";
import { Skeleton, Spinner } from "../ui/skeleton";
import { PrintSlip, type SlipInfo } from "./print-slip";

/** A QR code as a data URL; the encoder loads only when a code is first shown. */
export function useQrCode(text: string | undefined) {
  const [qr, setQr] = useState<{ text: string; url: string } | { text: string; error: string } | null>(null);
  useEffect(() => {
    if (!text) return;
    let live = true;
    import("qrcode")
      .then((QRCode) => QRCode.toDataURL(text, { margin: 2, width: 288, errorCorrectionLevel: "L" }))
      .then(
        (url) => live && setQr({ text, url }),
        (err: Error) => live && setQr({ text, error: err.message }),
      );
    return () => {
      live = false;
    };
  }, [text]);
  return qr && qr.text === text ? qr : null;
}

export function TrackingLinkPanel({ url, ticket, slip }: { url: string; ticket: number; slip?: SlipInfo }) {
  const qr = useQrCode(url);
  const [copy, setCopy] = useState<{ url: string; ok: boolean } | null>(null);
  const copied = copy?.url === url ? (copy.ok ? "yes" : "no") : null;
  return (
    <div className="grid gap-3" data-testid="tracking-link">
      <Field label="Tracking link">
        <Input
          readOnly
          value={url}
          onFocus={(e) => e.currentTarget.select()}
          className="font-mono text-sm"
          data-testid="tracking-url"
        />
      </Field>
      <div className="flex flex-wrap items-center gap-3">
        <Button
          variant="primary"
          onClick={() =>
            navigator.clipboard.writeText(url).then(
              () => setCopy({ url, ok: true }),
              () => setCopy({ url, ok: false }),
            )
          }
        >
          Copy link
        </Button>
        {slip && <Button onClick={() => window.print()}>Print slip</Button>}
        <a href={url} target="_blank" rel="noreferrer" className="font-semibold">
          Open the patient page
        </a>
        <span role="status" className="text-muted">
          {copied === "yes"
            ? "Copied."
            : copied === "no"
              ? "Could not copy: select the link and copy it."
              : ""}
        </span>
      </div>
      <div className="grid justify-items-center gap-1 rounded-[14px] border border-line bg-canvas p-3">
        {qr && "url" in qr ? (
          // biome-ignore lint/performance/noImgElement: a generated data URL, nothing to optimise.
          <img
            src={qr.url}
            width={288}
            height={288}
            alt={`QR code of the tracking link for ticket ${ticket}`}
            data-testid="tracking-qr"
            className="rounded-lg bg-white"
          />
        ) : qr && "error" in qr ? (
          <p className="m-0 text-bad">Could not draw the QR code: {qr.error}</p>
        ) : (
          <Skeleton className="size-[288px]" />
        )}
        <p className="m-0 text-center text-sm text-muted">The patient scans this with their phone camera.</p>
      </div>
      {slip && <PrintSlip slip={slip} qr={qr && "url" in qr ? qr.url : null} />}
    </div>
  );
}

/** The link of an existing appointment, with a way to reissue it (the old link stops working). */
export function TrackingLinkDialog({
  appointmentId,
  ticket,
  patientName,
  mayReissue,
  slip,
  onClose,
}: {
  appointmentId: string;
  ticket: number;
  patientName: string;
  mayReissue: boolean;
  slip?: SlipInfo;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const linkOptions = trpc.links.get.queryOptions({ appointmentId });
  const link = useQuery({ ...linkOptions, staleTime: 60_000 });
  const reissue = useMutation(
    trpc.links.reissue.mutationOptions({
      onSuccess: (fresh) => queryClient.setQueryData(linkOptions.queryKey, fresh),
    }),
  );
  return (
    <Dialog
      open
      onOpenChange={(open) => !open && onClose()}
      title={`Tracking link · ticket ${ticket}`}
      description={`For ${patientName}: their place in the queue and the expected time, live on their phone.`}
    >
      {link.isPending ? (
        <Spinner label="Getting the link…" />
      ) : link.isError ? (
        <Banner tone="bad" role="alert" title="Could not get the link">
          {link.error.message}
        </Banner>
      ) : (
        <div className="grid gap-4">
          <TrackingLinkPanel url={link.data.url} ticket={ticket} slip={slip} />
          {mayReissue && (
            <div className="flex flex-wrap items-center gap-3 border-t border-line pt-3">
              <Button
                size="sm"
                variant="secondary"
                disabled={reissue.isPending}
                onClick={() => reissue.mutate({ appointmentId })}
              >
                {reissue.isPending ? "Reissuing…" : "Reissue link"}
              </Button>
              <span className="text-sm text-muted" role="status">
                {reissue.isSuccess
                  ? "New link made: the old one no longer works."
                  : reissue.isError
                    ? `Could not reissue: ${reissue.error.message}`
                    : "If the link was shared by mistake: makes a new one and stops the old."}
              </span>
            </div>
          )}
        </div>
      )}
    </Dialog>
  );
}
