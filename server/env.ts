// Configuration: every variable the process reads, validated once, with one clear message per bad value.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { clockStartFrom } from "./clock-start.ts";

const intFrom = (name: string, def: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === "") return def;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({
          code: "custom",
          message: `${name} must be a whole number from ${min} to ${max} (got "${v}")`,
        });
        return z.NEVER;
      }
      return n;
    });

const urlWith = (name: string, protocols: string[]) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === "") return undefined;
      try {
        const u = new URL(v);
        if (!protocols.includes(u.protocol)) throw new Error();
        return v;
      } catch {
        ctx.addIssue({
          code: "custom",
          message: `${name} must be a ${protocols.join(" or ")}// URL (got "${v}")`,
        });
        return z.NEVER;
      }
    });

const boolFrom = (name: string, def = false) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === "") return def;
      if (["true", "1", "yes"].includes(v.toLowerCase())) return true;
      if (["false", "0", "no"].includes(v.toLowerCase())) return false;
      ctx.addIssue({ code: "custom", message: `${name} must be true or false (got "${v}")` });
      return z.NEVER;
    });

/** A key given as base64url of exactly `bytes` bytes (a VAPID key). */
const base64urlKey = (name: string, bytes: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === "") return undefined;
      const key = v.trim();
      if (!/^[A-Za-z0-9_-]+$/.test(key) || Buffer.from(key, "base64url").length !== bytes) {
        ctx.addIssue({ code: "custom", message: `${name} must be ${bytes} bytes in base64url` });
        return z.NEVER;
      }
      return key;
    });

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: intFrom("PORT", 8000, 0, 65535),
  HOST: z.string().default("0.0.0.0"),
  DATABASE_URL: urlWith("DATABASE_URL", ["postgres:", "postgresql:"]),
  /// Directory of the embedded database and the development secret, used when DATABASE_URL is unset.
  DATA_DIR: z.string().default(".data"),
  REDIS_URL: urlWith("REDIS_URL", ["redis:", "rediss:"]),
  REDIS_CLUSTER_MODE: boolFrom("REDIS_CLUSTER_MODE"),
  REDIS_POOL_SIZE: intFrom("REDIS_POOL_SIZE", 10, 1, 200),
  /// Prefix of every cache and rate-limit key (lets several deployments or test runs share a Redis).
  REDIS_KEY_PREFIX: z.string().max(64).default("pq:"),
  /// Origins allowed to open the WebSocket: comma-separated, or "*" (any). Unset: PUBLIC_URL's origin.
  CORS_ORIGIN: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === "") return undefined;
      if (v.trim() === "*") return "*";
      const list = v.split(",").map((o) => o.trim());
      const originOf = (o: string) => {
        try {
          const u = new URL(o);
          return ["http:", "https:"].includes(u.protocol) ? u.origin : null;
        } catch {
          return null;
        }
      };
      const bad = list.filter((o) => originOf(o) === null);
      if (bad.length) {
        ctx.addIssue({
          code: "custom",
          message: `CORS_ORIGIN must be "*" or comma-separated origins like https://clinic.example (got "${bad.join('", "')}")`,
        });
        return z.NEVER;
      }
      // An entry with a path (PUBLIC_URL copied in) stands for its origin: what browsers send.
      return list.map(originOf).join(",");
    }),
  /// Proxies in front of the app (nginx: 1) whose X-Forwarded-For entries are trusted for the client's IP.
  TRUST_PROXY_HOPS: intFrom("TRUST_PROXY_HOPS", 0, 0, 5),
  JWT_SECRET: z
    .string()
    .optional()
    .refine(
      (v) => v === undefined || v === "" || v.length >= 32,
      "JWT_SECRET must be at least 32 characters",
    ),
  PUBLIC_URL: urlWith("PUBLIC_URL", ["http:", "https:"]),
  DEFAULT_CONSULTATION_TIME: intFrom("DEFAULT_CONSULTATION_TIME", 15, 1, 240),
  MAX_EARLY_ARRIVAL: intFrom("MAX_EARLY_ARRIVAL", 30, 0, 720),
  POSITION_TTL: intFrom("POSITION_TTL", 300, 1, 86_400),
  TRACKING_CACHE_TTL: intFrom("TRACKING_CACHE_TTL", 120, 1, 86_400),
  NO_SHOW_GRACE: intFrom("NO_SHOW_GRACE", 15, 0, 720),
  /// A staff session ends after this many minutes without a request, and after SESSION_MAX_HOURS in any case.
  SESSION_IDLE_MINUTES: intFrom("SESSION_IDLE_MINUTES", 60, 1, 24 * 60),
  LOGIN_ATTEMPTS_PER_ADDRESS: intFrom("LOGIN_ATTEMPTS_PER_ADDRESS", 30, 1, 100_000),
  SESSION_MAX_HOURS: intFrom("SESSION_MAX_HOURS", 12, 1, 24 * 7),
  /// true: `npm start` loads the demo hospital on the embedded database. false: an empty database
  /// stays empty and every page leads to /setup (with the one-time code from the log) until a
  /// hospital and its first admin exist.
  PQ_DEMO: boolFrom("PQ_DEMO", true),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /// Demos and tests only: business time starts at this instant (ISO 8601) and runs on from there.
  PQ_CLOCK_START: z
    .string()
    .optional()
    .transform((v, ctx) => {
      try {
        return clockStartFrom({ PQ_CLOCK_START: v })?.start;
      } catch (e) {
        ctx.addIssue({ code: "custom", message: (e as Error).message });
        return z.NEVER;
      }
    }),
  /// Web Push (VAPID) key pair, base64url (`npx web-push generate-vapid-keys`). Unset: generated once
  /// and kept in the database (ServerKey), so every instance signs with the same pair.
  VAPID_PUBLIC_KEY: base64urlKey("VAPID_PUBLIC_KEY", 65),
  VAPID_PRIVATE_KEY: base64urlKey("VAPID_PRIVATE_KEY", 32),
  /// Who push services may contact about this server's pushes: mailto: or https:. Unset: PUBLIC_URL
  /// when it is https, else a mailto: address at its host.
  VAPID_SUBJECT: urlWith("VAPID_SUBJECT", ["mailto:", "https:"]),
  /// Tests only: also accept push endpoints at http://127.0.0.1 (a local stand-in for a push service).
  PUSH_ALLOW_LOOPBACK_HTTP: boolFrom("PUSH_ALLOW_LOOPBACK_HTTP"),
  /// Bearer token that /metrics asks for (Authorization: Bearer <token>). Unset: no /metrics (404).
  METRICS_TOKEN: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()))
    .refine((v) => v === undefined || v.length >= 16, "METRICS_TOKEN must be at least 16 characters"),
});

export type Env = z.infer<typeof schema> & { JWT_SECRET: string; PUBLIC_URL: string };

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Parses a given environment; pure apart from reading/creating the development secret file. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = schema.safeParse(source);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ` : "") + i.message),
    );
  }
  const env = result.data;
  // A shifted clock would expire every link and session at the wrong time: demos and tests only
  // (the embedded database, or the e2e server's demo instance), never a production deployment.
  if (
    env.PQ_CLOCK_START &&
    env.NODE_ENV === "production" &&
    env.DATABASE_URL &&
    source.PQ_DEMO_LINKS !== "1"
  ) {
    throw new ConfigError(["PQ_CLOCK_START: for demos and tests only, refused in production"]);
  }
  if (Boolean(env.VAPID_PUBLIC_KEY) !== Boolean(env.VAPID_PRIVATE_KEY))
    throw new ConfigError(["VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY: set both, or neither"]);
  if (
    env.PUSH_ALLOW_LOOPBACK_HTTP &&
    env.NODE_ENV === "production" &&
    env.DATABASE_URL &&
    source.PQ_DEMO_LINKS !== "1"
  )
    throw new ConfigError(["PUSH_ALLOW_LOOPBACK_HTTP: for tests only, refused in production"]);
  let secret = env.JWT_SECRET;
  if (!secret) {
    // A production deployment on a real database must set its own secret; the embedded demo
    // (no DATABASE_URL) keeps a generated one beside its data.
    if (env.NODE_ENV === "production" && env.DATABASE_URL) {
      throw new ConfigError([
        "JWT_SECRET: required in production with DATABASE_URL (at least 32 characters)",
      ]);
    }
    secret = devSecret(env.DATA_DIR);
  }
  return { ...env, JWT_SECRET: secret, PUBLIC_URL: env.PUBLIC_URL ?? `http://localhost:${env.PORT}` };
}

/** Development secret: generated once and kept in the data directory so links survive restarts. */
function devSecret(dataDir: string): string {
  const file = path.resolve(dataDir, "jwt-secret");
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const secret = randomBytes(48).toString("base64url");
    try {
      fs.writeFileSync(file, secret, { flag: "wx", mode: 0o600 });
      return secret;
    } catch {
      return fs.readFileSync(file, "utf8").trim();
    }
  }
}

const g = globalThis as unknown as { __pqEnv?: Env };

/** The process configuration, parsed on first use. */
export function env(): Env {
  g.__pqEnv ??= parseEnv(process.env);
  return g.__pqEnv;
}
