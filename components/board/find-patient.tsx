"use client";
// "Find a patient" in the staff header: name, phone or #ticket; "/" focuses it. Matches are grouped
// by day; the arrow keys walk them, Enter opens the active one on the board, and the active match's
// actions sit under the list (reschedule, cancel, payment, edit, tracking link).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useId, useRef, useState } from "react";
import { Toaster, toast } from "sonner";
import { businessNow } from "../business-time";
import { useTRPC } from "../trpc";
import { Button, buttonClasses } from "../ui/button";
import { cn } from "../ui/cn";
import { StatusChip } from "../ui/status-chip";
import { AppointmentDialog, type AppointmentDialogKind } from "./appointment-dialogs";
import {
  flatten,
  groupMatches,
  isTypingTarget,
  localDateIn,
  moveActive,
  resultsAnnouncement,
  searchable,
} from "./find-patient-logic";
import { clockTime } from "./format";
import type { RouterOutputs } from "./types";

type Match = RouterOutputs["appointments"]["search"]["matches"][number];

const LIMIT = 20;
const DEBOUNCE_MS = 250;
const TOASTER = "find-patient";

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return debounced;
}

/** The match on the board: its day, its doctor's tab, and its row (which takes the focus there). */
export const boardHref = (m: { date: string; doctor: { id: string }; ticket: number }) =>
  `/board?date=${encodeURIComponent(m.date)}&doctor=${encodeURIComponent(m.doctor.id)}&ticket=${m.ticket}`;

export function FindPatient({ timeZone, mayChange }: { timeZone: string; mayChange: boolean }) {
  const trpc = useTRPC();
  const [q, setQ] = useState("");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [dialog, setDialog] = useState<{ kind: AppointmentDialogKind; match: Match } | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const root = useRef<HTMLDivElement>(null);
  const listId = useId();
  const debounced = useDebounced(q.trim(), DEBOUNCE_MS);
  const enabled = searchable(debounced);
  const search = useQuery({
    ...trpc.appointments.search.queryOptions({ q: debounced, limit: LIMIT }),
    enabled,
    placeholderData: keepPreviousData,
  });
  const today = localDateIn(businessNow(), timeZone);
  const groups = enabled && search.data ? groupMatches(search.data.matches, today) : [];
  const flat = flatten(groups);
  const current = flat[active] ?? null;
  const optionId = (i: number) => `${listId}-${i}`;

  // A new answer starts at its first match.
  const answered = search.data;
  useEffect(() => {
    setActive(answered && answered.matches.length > 0 ? 0 : -1);
  }, [answered]);

  // "/" from anywhere but a text field.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || isTypingTarget(e.target)) return;
      if (document.querySelector("[role=dialog]")) return;
      e.preventDefault();
      input.current?.focus();
      setOpen(true);
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  useEffect(() => {
    if (!open) return;
    const outside = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", outside);
    return () => document.removeEventListener("pointerdown", outside);
  }, [open]);

  const openOnBoard = useCallback((m: Match) => {
    window.location.assign(boardHref(m));
  }, []);

  const showList = open && enabled;
  const announcement = !enabled
    ? ""
    : search.isFetching
      ? "Searching…"
      : search.isError
        ? `Could not search: ${search.error.message}`
        : search.data
          ? resultsAnnouncement(search.data.matches.length, LIMIT)
          : "";

  return (
    <div
      ref={root}
      className="relative w-full sm:w-auto sm:max-w-64 sm:min-w-36 sm:flex-1"
      data-testid="find-patient"
    >
      <label className="sr-only" htmlFor={`${listId}-input`}>
        Find a patient (name, phone or #ticket)
      </label>
      <input
        ref={input}
        id={`${listId}-input`}
        type="search"
        role="combobox"
        aria-expanded={showList}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={showList && current ? optionId(active) : undefined}
        aria-keyshortcuts="/"
        placeholder="Find a patient  ( / )"
        autoComplete="off"
        value={q}
        onChange={(e) => {
          setQ(e.target.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            if (open && q) setOpen(false);
            else setQ("");
            return;
          }
          const next = moveActive(active, e.key, flat.length);
          if (next !== null && (e.key === "ArrowDown" || e.key === "ArrowUp" || showList)) {
            e.preventDefault();
            setOpen(true);
            setActive(next);
            document.getElementById(optionId(next))?.scrollIntoView({ block: "nearest" });
          } else if (e.key === "Enter" && current) {
            e.preventDefault();
            openOnBoard(current);
          }
        }}
        className="min-h-10 w-full rounded-[10px] border-0 bg-white px-3 text-base text-ink placeholder:text-muted"
      />
      <p className="sr-only" role="status" aria-live="polite">
        {announcement}
      </p>
      {showList && (
        <div className="absolute right-0 z-40 mt-1 grid w-[min(94vw,440px)] gap-2 rounded-[12px] border border-line bg-white p-2 text-ink shadow-xl">
          <div
            id={listId}
            role="listbox"
            aria-label="Matching appointments"
            className="grid max-h-[50vh] gap-1 overflow-auto"
          >
            {search.isPending ? (
              <p className="m-0 p-2 text-muted">Searching…</p>
            ) : search.isError ? (
              <p className="m-0 p-2 text-bad">Could not search: {search.error.message}</p>
            ) : flat.length === 0 ? (
              <p className="m-0 p-2 text-muted">No patient matches “{debounced}”.</p>
            ) : (
              groups.map((g) => (
                // biome-ignore lint/a11y/useSemanticElements: a listbox groups its options with role="group", not a fieldset.
                <div key={g.date} role="group" aria-label={g.label} className="grid gap-0.5">
                  <p
                    aria-hidden
                    className="m-0 px-2 pt-1 text-xs font-bold tracking-wide text-muted uppercase"
                  >
                    {g.label}
                  </p>
                  {g.matches.map((m) => {
                    const i = flat.indexOf(m);
                    return (
                      // biome-ignore lint/a11y/useKeyWithClickEvents: the keys are the combobox's (arrows, Enter); a click only chooses.
                      <div
                        key={m.appointmentId}
                        id={optionId(i)}
                        role="option"
                        tabIndex={-1}
                        aria-selected={i === active}
                        onPointerDown={(e) => e.preventDefault()}
                        onClick={() => setActive(i)}
                        onDoubleClick={() => openOnBoard(m)}
                        className={cn(
                          "grid cursor-pointer gap-0.5 rounded-lg px-2 py-1.5",
                          i === active ? "bg-brand-soft outline-2 outline-brand" : "hover:bg-canvas",
                        )}
                      >
                        <span className="flex flex-wrap items-center gap-2">
                          <span className="font-bold">{m.patientName}</span>
                          <StatusChip status={m.status} />
                          {!m.paid && <span className="text-sm text-muted">unpaid</span>}
                        </span>
                        <span className="text-sm text-muted">
                          {clockTime(m.scheduledAt, timeZone)} · {m.doctor.name} · ticket {m.ticket}
                          {m.phone ? ` · ${m.phone}` : ""}
                        </span>
                      </div>
                    );
                  })}
                </div>
              ))
            )}
          </div>
          {current && (
            <MatchActions
              match={current}
              mayChange={mayChange}
              onDialog={(kind) => {
                setOpen(false);
                setDialog({ kind, match: current });
              }}
            />
          )}
        </div>
      )}
      {dialog && (
        <AppointmentDialog
          kind={dialog.kind}
          appointment={dialog.match}
          timeZone={timeZone}
          today={today}
          toasterId={TOASTER}
          onClose={() => {
            setDialog(null);
            requestAnimationFrame(() => input.current?.focus());
          }}
        />
      )}
      <Toaster id={TOASTER} position="top-center" offset={64} closeButton duration={5_000} />
    </div>
  );
}

function MatchActions({
  match: m,
  mayChange,
  onDialog,
}: {
  match: Match;
  mayChange: boolean;
  onDialog: (kind: AppointmentDialogKind) => void;
}) {
  const trpc = useTRPC();
  const link = useQuery({
    ...trpc.links.get.queryOptions({ appointmentId: m.appointmentId }),
    enabled: false,
  });
  const a = m.actions;
  const queryClient = useQueryClient();
  // The desk's commonest errand: a name given, the patient checked in, here. Too early: the time it
  // opens, and "Check in anyway" (rule 5), as on the board.
  const checkIn = useMutation(
    trpc.queue.checkIn.mutationOptions({
      onSuccess: (d) => {
        toast.success(`Ticket ${m.ticket} checked in${d.type === "EARLY_ARRIVAL" ? " early" : ""}.`, {
          toasterId: TOASTER,
        });
        void queryClient.invalidateQueries({ queryKey: trpc.appointments.search.pathKey() });
      },
      onError: (e, input) => {
        if (e.data?.reason === "CHECK_IN_NOT_OPEN" && !input.force)
          toast.warning(`Ticket ${m.ticket} is early. ${e.message}`, {
            toasterId: TOASTER,
            action: { label: "Check in anyway", onClick: () => checkIn.mutate({ ...input, force: true }) },
          });
        else toast.error(e.message, { toasterId: TOASTER });
      },
    }),
  );
  return (
    <section
      aria-label={`Ticket ${m.ticket}, ${m.patientName}`}
      className="grid gap-1.5 border-t border-line pt-2"
    >
      <p className="m-0 px-1 text-sm font-semibold">
        Ticket {m.ticket}, {m.patientName}:
      </p>
      <div className="flex flex-wrap gap-1.5">
        {mayChange && a.canCheckIn && (
          <Button
            size="sm"
            variant="primary"
            disabled={checkIn.isPending}
            onClick={() => checkIn.mutate({ appointmentId: m.appointmentId })}
          >
            Check in
          </Button>
        )}
        <a
          href={boardHref(m)}
          className={buttonClasses(mayChange && a.canCheckIn ? "secondary" : "primary", "sm")}
        >
          Open on board
        </a>
        {mayChange && a.canRecordPayment && (
          <Button size="sm" onClick={() => onDialog("payment")}>
            Record payment
          </Button>
        )}
        {mayChange && a.canReschedule && (
          <Button size="sm" onClick={() => onDialog("reschedule")}>
            Reschedule
          </Button>
        )}
        {mayChange && a.canEdit && (
          <Button size="sm" onClick={() => onDialog("edit")}>
            Edit
          </Button>
        )}
        <Button
          size="sm"
          onClick={async () => {
            const got = link.data ?? (await link.refetch()).data;
            if (!got) return void toast.error("Could not get the tracking link.", { toasterId: TOASTER });
            navigator.clipboard.writeText(got.url).then(
              () => toast.success(`Tracking link of ticket ${m.ticket} copied.`, { toasterId: TOASTER }),
              () => toast.error(`Could not copy. The link: ${got.url}`, { toasterId: TOASTER }),
            );
          }}
        >
          Copy tracking link
        </Button>
        {mayChange && a.canCancel && (
          <Button size="sm" variant="danger" onClick={() => onDialog("cancel")}>
            Cancel…
          </Button>
        )}
      </div>
    </section>
  );
}
