// Staff accounts (admins) and API tokens (every staff member, their own).
import { z } from "zod";
import { checkAccountPassword, ZNewPassword } from "../../auth/password-policy.ts";
import { ZScope } from "../../auth/scopes.ts";
import {
  addStaff,
  assertPasswordFitsAccount,
  changeStaffActive,
  issueApiToken,
  listApiTokens,
  listStaff,
  resetPassword,
  revokeToken,
} from "../../services/staff.ts";
import { roleProcedure, router, sessionProcedure } from "../init.ts";
import { ZId } from "../schemas/primitives.ts";
import { ZText } from "../schemas/text.ts";

// Every account's email and role: "admin" to read as to change (as adminStaff).
const admin = roleProcedure("manage staff accounts", ["ADMIN"], "admin", "admin");
/** Every password set here follows the one policy (server/auth/password-policy.ts). */
const ZPassword = ZNewPassword;

export const ZAddStaffInput = z
  .object({
    email: z.email("Enter a valid email address.").max(254),
    name: ZText(120),
    role: z.enum(["ADMIN", "RECEPTIONIST", "DOCTOR"]),
    password: ZPassword,
    doctorId: ZId.nullish(),
  })
  .superRefine(checkAccountPassword);

export const ZCreateTokenInput = z.object({
  name: ZText(80),
  scopes: z.array(ZScope).min(1, "Choose at least one scope.").max(4),
  /** Days until it expires (default 90; at most two years). */
  expiresInDays: z.number().int().min(1).max(730).nullish(),
});

export const staffRouter = router({
  list: admin.query(({ ctx }) => listStaff(ctx.staff.hospitalId)),
  add: admin.input(ZAddStaffInput).mutation(({ ctx, input }) => addStaff(ctx.staff.hospitalId, input)),
  deactivate: admin
    .input(z.object({ staffId: ZId }))
    .mutation(({ ctx, input }) =>
      changeStaffActive(ctx.staff.hospitalId, ctx.staff.id, input.staffId, false),
    ),
  reactivate: admin
    .input(z.object({ staffId: ZId }))
    .mutation(({ ctx, input }) => changeStaffActive(ctx.staff.hospitalId, ctx.staff.id, input.staffId, true)),
  resetPassword: admin
    .input(z.object({ staffId: ZId, password: ZPassword }))
    .mutation(async ({ ctx, input }) => {
      await assertPasswordFitsAccount(ctx.staff.hospitalId, input.staffId, input.password);
      return resetPassword(ctx.staff.hospitalId, input.staffId, input.password);
    }),

  tokens: sessionProcedure.query(({ ctx }) => listApiTokens(ctx.staff.id)),
  /** Only a person signed in may mint a token (a token cannot mint one that outlives it). */
  createToken: sessionProcedure
    .input(ZCreateTokenInput)
    .mutation(({ ctx, input }) => issueApiToken(ctx.staff, input)),
  revokeToken: sessionProcedure
    .input(z.object({ tokenId: ZId }))
    .mutation(({ ctx, input }) => revokeToken(ctx.staff.id, input.tokenId)),
});
