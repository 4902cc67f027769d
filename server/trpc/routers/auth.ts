import { z } from "zod";
import { clearedSessionCookie, sessionCookie, signSession } from "../../auth/session.ts";
import { DomainError } from "../../domain/errors.ts";
import { loginAttempt } from "../../http/rate-limit.ts";
import { accountForCredentials } from "../../services/sign-in.ts";
import { endSession } from "../../services/staff.ts";
import { publicProcedure, router } from "../init.ts";

export const ZLoginInput = z.object({
  email: z.string().trim().min(3).max(254),
  password: z.string().min(1).max(200),
});

export const authRouter = router({
  login: publicProcedure.input(ZLoginInput).mutation(async ({ ctx, input }) => {
    // Limits per address, per (account, address) and per account: server/http/rate-limit.ts.
    const email = input.email.toLowerCase();
    const attempt = await loginAttempt(email, ctx.ip);
    // Every account with the email is checked the same way, and an unknown one just as long.
    const staff = await accountForCredentials(email, input.password);
    if (!staff) {
      throw new DomainError("BAD_CREDENTIALS", "Email or password is incorrect.");
    }
    await attempt.succeeded();
    ctx.setCookie?.(sessionCookie(await signSession(staff)));
    return { name: staff.name, role: staff.role };
  }),
  /** Ends this browser's session on the server (a replayed cookie no longer works) and its open sockets. */
  logout: publicProcedure.mutation(async ({ ctx }) => {
    ctx.setCookie?.(clearedSessionCookie());
    if (ctx.auth?.kind === "session") await endSession(ctx.auth.sessionId);
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
