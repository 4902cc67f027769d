// The first run: is setup still needed, and completing it with the one-time setup code from the log
// (also POST /api/setup). On success the new admin is signed in, as after a sign-in.
import { z } from "zod";
import { checkAccountPassword, ZNewPassword } from "../../auth/password-policy.ts";
import { sessionCookie, signSession } from "../../auth/session.ts";
import { completeSetup, isSetupNeeded } from "../../services/setup.ts";
import { publicProcedure, router } from "../init.ts";
import { stripBidiControls, ZText } from "../schemas/text.ts";

const optionalText = (max: number) => ZText(max, { min: 0 }).nullish();

export const ZSetupInput = z.object({
  setupCode: z
    .string()
    .overwrite(stripBidiControls)
    .trim()
    .min(1, "Enter the setup code from the server's log.")
    .max(64),
  hospital: z.object({
    name: ZText(120),
    timeZone: z.string().trim().min(1, "Choose the hospital's time zone.").max(64),
    address: optionalText(300),
    phone: optionalText(40),
  }),
  admin: z
    .object({
      name: ZText(120),
      email: z.email("Enter a valid email address.").max(254),
      password: ZNewPassword,
    })
    .superRefine(checkAccountPassword),
});
export type TSetupInput = z.infer<typeof ZSetupInput>;

const ZSetupOutput = z.object({
  hospital: z.object({ id: z.string(), slug: z.string(), name: z.string() }),
  /** Where the new admin goes next. */
  next: z.string(),
});

export const setupRouter = router({
  status: publicProcedure
    .output(z.object({ needed: z.boolean() }))
    .query(async () => ({ needed: await isSetupNeeded() })),
  complete: publicProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/setup",
        tags: ["setup"],
        summary: "First run: create the hospital and its first admin with the setup code from the log",
      },
    })
    .input(ZSetupInput)
    .output(ZSetupOutput)
    .mutation(async ({ ctx, input }) => {
      const { hospital, admin } = await completeSetup(input, ctx.ip, ctx.clock.now());
      ctx.setCookie?.(sessionCookie(await signSession(admin)));
      return { hospital, next: "/admin" };
    }),
});
