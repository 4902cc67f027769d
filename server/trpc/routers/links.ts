// Tracking links for staff: an appointment's link (a doctor: their own patients'), or a new one that
// revokes the old.
import { z } from "zod";
import { reissueTrackingLink, trackingLink } from "../../services/links.ts";
import { scopeOfStaff } from "../../services/queue-scope.ts";
import { roleProcedure, router } from "../init.ts";
import { ZId } from "../schemas/primitives.ts";

// A tracking link is a credential that changes things (check in, cancel): reading one needs "intake".
const reception = roleProcedure(
  "hand out tracking links",
  ["ADMIN", "RECEPTIONIST", "DOCTOR"],
  "intake",
  "intake",
);
const ZInput = z.object({ appointmentId: ZId });

export const linksRouter = router({
  get: reception
    .input(ZInput)
    .query(({ ctx, input }) => trackingLink(scopeOfStaff(ctx.staff), input.appointmentId)),
  reissue: roleProcedure("reissue tracking links", ["ADMIN", "RECEPTIONIST"], "intake")
    .input(ZInput)
    .mutation(({ ctx, input }) => reissueTrackingLink(ctx.staff.hospitalId, input.appointmentId)),
});
