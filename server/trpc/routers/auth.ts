import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { verifyPassword } from "../../auth/password.ts";
import { clearedSessionCookie, sessionCookie, signSession } from "../../auth/session.ts";
import { findStaffForLogin } from "../../db/staff-repo.ts";
import { enforce, forgive, hashKey } from "../../http/rate-limit.ts";
import { publicProcedure, router } from "../init.ts";

export const ZLoginInput = z.object({
  email: z.string().trim().min(3).max(254),
  password: z.string().min(1).max(200),
});

export const authRouter = router({
  login: publicProcedure.input(ZLoginInput).mutation(async ({ ctx, input }) => {
    const account = hashKey(input.email.toLowerCase());
    await enforce([
      ["loginIp", ctx.ip],
      ["loginAccount", account],
    ]);
    const staff = await findStaffForLogin(input.email);
    const ok = staff ? await verifyPassword(input.password, staff.passwordHash) : false;
    if (!staff || !ok || !staff.active) {
      throw new TRPCError({ code: "UNAUTHORIZED", message: "Email or password is incorrect." });
    }
    await forgive("loginAccount", account);
    ctx.setCookie?.(sessionCookie(await signSession(staff)));
    return { name: staff.name, role: staff.role };
  }),
  logout: publicProcedure.mutation(({ ctx }) => {
    ctx.setCookie?.(clearedSessionCookie());
    return { ok: true };
  }),
  me: publicProcedure.query(({ ctx }) =>
    ctx.staff
      ? {
          name: ctx.staff.name,
          email: ctx.staff.email,
          role: ctx.staff.role,
          hospital: ctx.staff.hospital.name,
        }
      : null,
  ),
});
