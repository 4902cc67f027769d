// tRPC initialisation: the only place that creates procedure builders.
// 1. init with superjson and a formatter that flattens zod errors for forms;
// 2. domain errors become tRPC errors in one place (errors.ts);
// 3. procedures: public, staff (signed in), and role-checked.
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import type { OpenApiMeta } from "trpc-to-openapi";
import { ZodError } from "zod";
import type { Context } from "./context.ts";
import { toTRPCError } from "./errors.ts";

const t = initTRPC
  .context<Context>()
  .meta<OpenApiMeta>()
  .create({
    transformer: superjson,
    errorFormatter({ shape, error }) {
      const zod = error.cause instanceof ZodError ? error.cause : null;
      const message = zod
        ? zod.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("; ")
        : shape.message;
      return {
        ...shape,
        message,
        data: { ...shape.data, zodError: zod ? zod.flatten() : null },
      };
    },
  });

const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const mapped = toTRPCError(result.error.cause ?? result.error);
    if (mapped) throw mapped;
  }
  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(domainErrors);

export const staffProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.staff) throw new TRPCError({ code: "UNAUTHORIZED", message: "Please sign in." });
  return next({ ctx: { ...ctx, staff: ctx.staff } });
});

type Role = "ADMIN" | "RECEPTIONIST" | "DOCTOR";

/** A procedure only the given roles may call; others get FORBIDDEN naming the permission. */
export function roleProcedure(permission: string, roles: Role[]) {
  return staffProcedure.use(({ ctx, next }) => {
    if (!roles.includes(ctx.staff.role)) {
      throw new TRPCError({
        code: "FORBIDDEN",
        message: `Your role (${ctx.staff.role}) may not ${permission}.`,
      });
    }
    return next();
  });
}
