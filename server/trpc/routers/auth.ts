import { z } from "zod";
import { ZNewPassword } from "../../auth/password-policy.ts";
import { clearedSessionCookie, sessionCookie, signSession } from "../../auth/session.ts";
import { DomainError } from "../../domain/errors.ts";
import { enforce, forgive, hashKey, loginAttempt } from "../../http/rate-limit.ts";
import { changePassword, resetWithLink } from "../../services/passwords.ts";
import { accountForCredentials } from "../../services/sign-in.ts";
import { endSession } from "../../services/staff.ts";
import { publicProcedure, router, sessionProcedure } from "../init.ts";

export const ZLoginInput = z.object({
  email: z.string().trim().min(3).max(254),
  password: z.string().min(1).max(200),
});

export const ZResetWithLinkInput = z.object({
  /** The secret from the link's path (/reset/<token>): 32 random bytes, base64url. */
  token: z.string().trim().min(1, "The link is incomplete.").max(128),
  password: ZNewPassword,
});

export const ZChangePasswordInput = z.object({
  currentPassword: z.string().min(1, "Enter your current password.").max(200),
  newPassword: ZNewPassword,
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
  /**
   * Sets a new password with a one-time link an admin handed over (public: the person is signed
   * out). Every attempt counts against the caller's address and the link; all old sessions end.
   */
  resetWithLink: publicProcedure.input(ZResetWithLinkInput).mutation(async ({ ctx, input }) => {
    await enforce([
      ["resetIp", ctx.ip],
      ["resetLink", hashKey(input.token)],
    ]);
    return resetWithLink(input.token, input.password);
  }),
  /** A signed-in person's own new password; their other sessions end, this one stays. */
  changePassword: sessionProcedure.input(ZChangePasswordInput).mutation(async ({ ctx, input }) => {
    // Every attempt counts (a stolen session guessing the password meets this); success forgives.
    await enforce([["passwordChange", ctx.staff.id]]);
    const keep = ctx.auth?.kind === "session" ? ctx.auth.sessionId : null;
    const result = await changePassword(ctx.staff.id, keep, input);
    await forgive("passwordChange", ctx.staff.id);
    return result;
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
