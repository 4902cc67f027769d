// A doctor's day as hospital-local 1-hour slots, in three parts: grouping the queue by slot
// (slot-grouping.ts), the overlap analysis of a time window (slot-window.ts) and ranked slots for a
// new booking (slot-suggestions.ts). Importers take any of it from here.
export * from "./slot-grouping.ts";
export * from "./slot-suggestions.ts";
export * from "./slot-window.ts";
