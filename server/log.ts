// Structured logs (pino, JSON lines on stdout). Every line written while a request is being served
// carries that request's id (`reqId`, from a sane incoming X-Request-Id or a new one, echoed in
// the response), through AsyncLocalStorage, so nothing has to pass it along. No patient names or
// tokens: routes are logged in their labelled form (/track/:token) and the usual secret fields are
// redacted should one ever be logged by mistake.
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import type http from "node:http";
import pino from "pino";

const LEVELS = new Set(["fatal", "error", "warn", "info", "debug", "trace", "silent"]);

const requestScope = new AsyncLocalStorage<string>();

function levelFromEnv(): string {
  const wanted = process.env.LOG_LEVEL?.trim();
  if (wanted && LEVELS.has(wanted)) return wanted; // a bad value is reported by env() at start
  return process.env.VITEST ? "warn" : "info";
}

/** A logger with this module's settings; `destination` is for tests (stdout otherwise). */
export function createLogger(level: string, destination?: pino.DestinationStream) {
  return pino(
    {
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      mixin() {
        const reqId = requestScope.getStore();
        return reqId ? { reqId } : {};
      },
      redact: {
        paths: [
          "token",
          "*.token",
          "password",
          "*.password",
          "authorization",
          "cookie",
          "*.authorization",
          "*.cookie",
          "patientName",
          "*.patientName",
        ],
        censor: "[redacted]",
      },
    },
    destination,
  );
}

export const log = createLogger(levelFromEnv());

/** An error as a loggable object (pino's `err` serializer keeps message, type and stack). */
export const errorField = (err: unknown) => ({ err: err instanceof Error ? err : new Error(String(err)) });

const SANE_ID = /^[\w.:-]{1,64}$/;

/** The request's id: the caller's X-Request-Id when it looks like one, a new UUID otherwise. */
export function requestIdOf(req: http.IncomingMessage): string {
  const given = req.headers["x-request-id"];
  return typeof given === "string" && SANE_ID.test(given) ? given : randomUUID();
}

/** Runs `fn` (and everything it starts) with `reqId` on every log line. */
export function withRequestId<T>(reqId: string, fn: () => T): T {
  return requestScope.run(reqId, fn);
}

export const currentRequestId = () => requestScope.getStore();
