// Tracking links for staff: any appointment's link, or a new one that revokes the old.
import { z } from "zod";
import { reissueTrackingLink, trackingLink } from "../../services/links.ts";
import { roleProcedure, router } from "../init.ts";
import { ZId } from "../schemas/primitives.ts";

// A tracking link is a credential that changes things (check in, cancel): reading one needs "intake".
const reception = roleProcedure("hand out tracking links", ["ADMIN", "RECEPTIONIST", "DOCTOR"], "intake", "intake");
const ZInput = z.object({ appointmentId: ZId });

export const linksRouter = router({
  get: reception
    .input(ZInput)
    .query(({ ctx, input }) => trackingLink(ctx.staff.hospitalId, input.appointmentId)),
  reissue: roleProcedure("reissue tracking links", ["ADMIN", "RECEPTIONIST"], "intake")
    .input(ZInput)
    .mutation(({ ctx, input }) => reissueTrackingLink(ctx.staff.hospitalId, input.appointmentId)),
});
