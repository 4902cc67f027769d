// tRPC initialisation: the only place that creates procedure builders.
// 1. init with superjson (its input checked first: transformer.ts) and a formatter that flattens zod errors for forms and puts every error's
//    reason code on the wire (`error.data.reason`);
// 2. domain errors become tRPC errors in one place (errors.ts); input that is not well-formed text
//    (a lone surrogate, anywhere in it) is refused before any schema or procedure runs;
// 3. procedures: public, staff (signed in), and role-checked.
import { initTRPC, TRPCError } from "@trpc/server";
import type { OpenApiMeta } from "trpc-to-openapi";
import { ZodError } from "zod";
import { type Identity, recheckIdentity } from "../auth/identity.ts";
import type { Scope } from "../auth/scopes.ts";
import { DomainError } from "../domain/errors.ts";
import { endWithIdentity, holdStream } from "../http/live-streams.ts";
import type { Context } from "./context.ts";
import { limitSubscription, reasonOf, toTRPCError } from "./errors.ts";
import { BROKEN_TEXT, ZWellFormed } from "./schemas/text.ts";
import { serverTransformer } from "./transformer.ts";

const t = initTRPC
  .context<Context>()
  .meta<OpenApiMeta>()
  .create({
    transformer: serverTransformer,
    errorFormatter({ shape, error }) {
      const zod = error.cause instanceof ZodError ? error.cause : null;
      const message = zod
        ? zod.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("; ")
        : shape.message;
      // A domain refusal about one field (a duplicate email) reaches forms the way a schema's does.
      const field = error.cause instanceof DomainError ? error.cause.field : undefined;
      const fieldErrors = zod
        ? zod.flatten()
        : field
          ? { formErrors: [], fieldErrors: { [field]: [shape.message] } }
          : null;
      return {
        ...shape,
        message,
        data: { ...shape.data, reason: reasonOf(error), zodError: fieldErrors },
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

/**
 * Half of a surrogate pair anywhere in the input is a 400 naming the field (as a schema's refusal,
 * so forms show it by the field): PostgreSQL refuses such text inside JSON and replaces it elsewhere.
 */
const wellFormedInput = t.middleware(async ({ getRawInput, next }) => {
  const checked = ZWellFormed.safeParse(await getRawInput());
  if (!checked.success)
    throw new TRPCError({ code: "BAD_REQUEST", message: BROKEN_TEXT, cause: checked.error });
  return next();
});

/**
 * A subscription over plain HTTP (SSE) is a stream that stays open: counted against the client's
 * address (a 429 past the cap, as too many WebSockets are), and ended with its staff identity below.
 */
const httpStreams = t.middleware(async ({ ctx, type, next }) => {
  const response = ctx.response;
  if (type === "subscription" && ctx.transport === "http" && response)
    await limitSubscription(ctx, async () => holdStream(ctx.ip, response));
  return next();
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(domainErrors).use(wellFormedInput).use(httpStreams);

/**
 * Signed in. Over a WebSocket the context was made at the upgrade, so every call re-checks the
 * identity (a sign-out elsewhere, a deactivation, a new password or an expiry refuses it at once);
 * the socket itself is closed when the identity ends (context.ts). A subscription over plain HTTP
 * (SSE) is ended the same way: its response is registered with the identity.
 */
export const staffProcedure = publicProcedure.use(async ({ ctx, type, next }) => {
  let { staff, auth } = ctx;
  if (ctx.transport === "ws" && auth) {
    auth = await recheckIdentity(auth, { touch: true });
    if (!auth) throw new DomainError("SIGNED_OUT", "You were signed out. Please sign in again.");
    staff = auth.staff;
  }
  if (!staff) throw new DomainError("SIGN_IN_REQUIRED", "Please sign in.");
  if (type === "subscription" && ctx.transport === "http" && auth && ctx.response)
    endWithIdentity(auth, ctx.response);
  return next({ ctx: { ...ctx, staff, auth } });
});

type Role = "ADMIN" | "RECEPTIONIST" | "DOCTOR";

/**
 * A procedure only the given roles may call; others get FORBIDDEN naming the permission. An API
 * token also needs the scope: `readScope` (`read` unless given) for queries and subscriptions,
 * `changeScope` for mutations (admin when not given, so a new mutation is closed to tokens until
 * someone decides).
 */
export function roleProcedure(
  permission: string,
  roles: Role[],
  changeScope: Scope = "admin",
  readScope: Scope = "read",
) {
  return staffProcedure.use(({ ctx, type, next }) => {
    if (!roles.includes(ctx.staff.role)) {
      throw new DomainError("ROLE_NOT_ALLOWED", `Your role (${ctx.staff.role}) may not ${permission}.`);
    }
    requireScope(ctx.auth, type === "mutation" ? changeScope : readScope, permission);
    return next();
  });
}

/** Only a person signed in with a session (not an API token) may do this. */
export const sessionProcedure = staffProcedure.use(({ ctx, next }) => {
  if (ctx.auth?.kind === "token")
    throw new DomainError("SESSION_REQUIRED", "Sign in to do this: an API token cannot.");
  return next();
});

function requireScope(auth: Identity | null, scope: Scope, permission: string) {
  if (auth?.kind !== "token" || auth.scopes.includes(scope)) return;
  throw new DomainError(
    "TOKEN_SCOPE_MISSING",
    `This API token lacks the "${scope}" scope needed to ${permission}.`,
  );
}
