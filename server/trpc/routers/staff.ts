// Staff accounts (admins) and API tokens (every staff member, their own).
import { z } from "zod";
import {
  addStaff,
  changeStaffActive,
  issueApiToken,
  listApiTokens,
  listStaff,
  resetPassword,
  revokeToken,
} from "../../services/staff.ts";
import { roleProcedure, router, staffProcedure } from "../init.ts";

const admin = roleProcedure("manage staff accounts", ["ADMIN"]);
const ZId = z.string().trim().min(1).max(64);
const ZPassword = z.string().min(8, "Use at least 8 characters.").max(200);

export const ZAddStaffInput = z.object({
  email: z.email("Enter a valid email address.").max(254),
  name: z.string().trim().min(1).max(120),
  role: z.enum(["ADMIN", "RECEPTIONIST", "DOCTOR"]),
  password: ZPassword,
  doctorId: ZId.nullish(),
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
    .mutation(({ ctx, input }) => resetPassword(ctx.staff.hospitalId, input.staffId, input.password)),

  tokens: staffProcedure.query(({ ctx }) => listApiTokens(ctx.staff.id)),
  createToken: staffProcedure
    .input(
      z.object({
        name: z.string().trim().min(1).max(80),
        expiresInDays: z.number().int().min(1).max(730).nullish(),
      }),
    )
    .mutation(({ ctx, input }) => issueApiToken(ctx.staff.id, input.name, input.expiresInDays ?? null)),
  revokeToken: staffProcedure
    .input(z.object({ tokenId: ZId }))
    .mutation(({ ctx, input }) => revokeToken(ctx.staff.id, input.tokenId)),
});
