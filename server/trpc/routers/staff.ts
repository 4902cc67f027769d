// A staff member's own API tokens (every role). Accounts are run on the admin's staff screen, through
// adminStaff.* (one-time set-password links; an admin never types a colleague's password).
import { z } from "zod";
import { ZScope } from "../../auth/scopes.ts";
import { issueApiToken, listApiTokens, revokeToken } from "../../services/staff.ts";
import { router, sessionProcedure } from "../init.ts";
import { ZId } from "../schemas/primitives.ts";
import { ZText } from "../schemas/text.ts";

export const ZCreateTokenInput = z.object({
  name: ZText(80),
  scopes: z.array(ZScope).min(1, "Choose at least one scope.").max(4),
  /** Days until it expires (default 90; at most two years). */
  expiresInDays: z.number().int().min(1).max(730).nullish(),
});

export const staffRouter = router({
  tokens: sessionProcedure.query(({ ctx }) => listApiTokens(ctx.staff.id)),
  /** Only a person signed in may mint a token (a token cannot mint one that outlives it). */
  createToken: sessionProcedure
    .input(ZCreateTokenInput)
    .mutation(({ ctx, input }) => issueApiToken(ctx.staff, input)),
  revokeToken: sessionProcedure
    .input(z.object({ tokenId: ZId }))
    .mutation(({ ctx, input }) => revokeToken(ctx.staff.id, input.tokenId)),
});
