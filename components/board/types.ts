// The board's data, inferred from the router: a date's queues, each doctor's snapshot and its entries.
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { CLOSED_STATUSES, OPEN_STATUSES, WAITING_STATUSES } from "@/server/domain/types";
import type { getSlotBasedQueue, suggestOptimalSlots } from "@/server/services/slots";
import type { AppRouter } from "@/server/trpc/root";

export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;

export type BoardData = RouterOutputs["queue"]["board"];
export type BoardQueue = BoardData["queues"][number];
export type Doctor = BoardQueue["doctor"];
export type Snapshot = NonNullable<BoardQueue["snapshot"]>;
export type Entry = Snapshot["entries"][number];
export type EntryStatus = Entry["status"];

export const OPEN: readonly EntryStatus[] = OPEN_STATUSES;
export const WAITING: readonly EntryStatus[] = WAITING_STATUSES;
export const FINISHED: readonly EntryStatus[] = CLOSED_STATUSES;

export const isOpen = (e: { status: EntryStatus }) => OPEN.includes(e.status);
export const isWaiting = (e: { status: EntryStatus }) => WAITING.includes(e.status);

// slots.suggest and slots.slotBased declare loose output schemas (shared with the REST paths), so
// their full shape is taken from the services that build them.
export type SlotSuggestions = Awaited<ReturnType<typeof suggestOptimalSlots>>;
export type SlotSuggestion = SlotSuggestions["suggestions"][number];
export type SlotDay = Awaited<ReturnType<typeof getSlotBasedQueue>>;
export type DaySlot = SlotDay["slots"][number];
