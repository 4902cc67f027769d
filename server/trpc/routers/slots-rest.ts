// The seed's slot paths for integrators (REST/OpenAPI). The same services and inputs as the
// `slots` router; kept apart because an OpenAPI response schema would replace the app's
// precise inferred types with loose ones.
import {
  getSlotBasedQueue,
  getSlotQueuePosition,
  handleSlotOverlaps,
  suggestOptimalSlots,
} from "../../services/slots.ts";
import { router } from "../init.ts";
import {
  ZOverlapsOutput,
  ZSlotBasedOutput,
  ZSlotPositionOutput,
  ZSuggestionsOutput,
} from "../schemas/rest.ts";
import {
  readSlots,
  scopeOf,
  today,
  ZAppointmentInput,
  ZDoctorDayInput,
  ZOverlapsInput,
  ZSuggestInput,
} from "./slots.ts";

const openapi = (method: "GET" | "POST", path: `/${string}`) => ({
  openapi: { method, path, tags: ["queue"], protect: true },
});

export const slotsRestRouter = router({
  slotBased: readSlots
    .meta(openapi("GET", "/appointments/queue/slot-based/{doctorId}"))
    .input(ZDoctorDayInput)
    .output(ZSlotBasedOutput)
    .query(({ ctx, input }) =>
      getSlotBasedQueue(scopeOf(ctx.staff), input.doctorId, input.date ?? today(ctx)),
    ),
  overlaps: readSlots
    .meta(openapi("POST", "/appointments/queue/slot-overlaps/{doctorId}"))
    .input(ZOverlapsInput)
    .output(ZOverlapsOutput)
    .query(({ ctx, input }) =>
      handleSlotOverlaps(scopeOf(ctx.staff), input.doctorId, input.slotStartTime, input.slotEndTime),
    ),
  slotPosition: readSlots
    .meta(openapi("GET", "/appointments/queue/slot-position/{appointmentId}"))
    .input(ZAppointmentInput)
    .output(ZSlotPositionOutput)
    .query(({ ctx, input }) => getSlotQueuePosition(scopeOf(ctx.staff), input.appointmentId)),
  suggest: readSlots
    .meta(openapi("GET", "/appointments/queue/suggest-slots/{doctorId}"))
    .input(ZSuggestInput)
    .output(ZSuggestionsOutput)
    .query(({ ctx, input }) =>
      suggestOptimalSlots(scopeOf(ctx.staff), input.doctorId, input.date, input.preferredHour ?? null),
    ),
});
