// Rate limits (rate-limiter-flexible): Redis store shared by every instance, with an in-memory
// insurance limiter that answers while Redis is down. Limits are generous for public tracking,
// because a whole waiting room often shares one public IP address. The tracking limits are taken
// through a local tier that reserves points from the shared store a few at a time (see
// `ReservedPoints`), so a hot read costs no Redis round trip and instances together still never
// allow more than the limit.
import { createHash } from "node:crypto";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { env } from "../env.ts";
import { log } from "../log.ts";
import { getRedis, isRedisReady, type RedisClient } from "../redis.ts";

const LIMIT_SPECS = {
  /** Public tracking reads per client IP. */
  trackIp: { points: 600, duration: 60 },
  /** Public tracking reads per link (a phone polling every 15 s uses 4 a minute). */
  trackToken: { points: 60, duration: 60 },
  /** Sign-in attempts per IP (every attempt counts); LOGIN_ATTEMPTS_PER_ADDRESS sets the points. */
  loginIp: { points: 30, duration: 300 },
  /**
   * Failed sign-ins for one account from one address (the pair): a guesser, or the owner's own typos,
   * slow down here without touching the account's sign-in from anywhere else. See `loginAttempt`.
   */
  loginAddress: { points: 10, duration: 900 },
  /**
   * Failed sign-ins for one account from every address it has not signed in from before (NIST
   * 800-63B: at most 100 consecutive failures); addresses it signed in from are never held by it.
   */
  loginAccount: { points: 100, duration: 900, blockDuration: 900 },
  /**
   * Addresses an account signed in from, remembered 20 days (not a limit: a marker per pair). Kept
   * under 24.8 days: the in-memory store (no Redis) expires a key with a timer, and a longer one
   * overflows Node's 32-bit timer and fires at once, forgetting the address as soon as it is learnt.
   */
  loginKnownAddress: { points: 1, duration: 20 * 86_400 },
  /** New WebSocket connections per IP. */
  wsIp: { points: 120, duration: 60 },
  /** First-run setup attempts per IP (each one a guess at the one-time setup code). */
  setupIp: { points: 10, duration: 900 },
  /** Uses of set-password links per IP (every attempt counts: a guesser meets this first). */
  resetIp: { points: 20, duration: 900 },
  /** Attempts on one set-password link (a person mistyping a new password a few times is fine). */
  resetLink: { points: 10, duration: 900 },
  /** Wrong current passwords when a signed-in person changes theirs, per account. */
  passwordChange: { points: 5, duration: 900, blockDuration: 900 },
  /** A patient's own actions from one tracking link (check in, running late, cancel). */
  patientAction: { points: 10, duration: 600 },
  /** The same per client IP (a clinic's Wi-Fi is shared by its patients). */
  patientActionIp: { points: 120, duration: 600 },
  /** Self check-in attempts (each one a guess at the screen's code) per tracking link. */
  checkInCodeLink: { points: 5, duration: 600 },
  /** Self check-in attempts per client IP. */
  checkInCodeIp: { points: 30, duration: 600 },
} as const;

export type LimitName = keyof typeof LIMIT_SPECS;
type LimitSpec = { points: number; duration: number; blockDuration?: number };
type Limiter = RateLimiterRedis | RateLimiterMemory;

/** The limits, frozen to the last level: nothing changes them in place (a test neither). */
export const LIMITS: typeof LIMIT_SPECS = Object.freeze(
  Object.fromEntries(Object.entries(LIMIT_SPECS).map(([name, spec]) => [name, Object.freeze({ ...spec })])),
) as typeof LIMIT_SPECS;

const g = globalThis as unknown as {
  __pqLimiters?: Map<LimitName, Limiter>;
  __pqLimiterClients?: Map<LimitName, RedisClient | null>;
  __pqLimitOverrides?: Partial<Record<LimitName, LimitSpec>>;
};

/**
 * Other limits for this process until its state is forgotten (a test file lifting the limits its
 * flood would hit). Kept in a process-wide singleton (`__pq*`), so server/test/setup-file.ts forgets
 * it before the next test file, like the limiters made from it. Call it before any limiter of those
 * names is made.
 */
export function overrideLimits(over: Partial<Record<LimitName, LimitSpec>>) {
  g.__pqLimitOverrides = { ...g.__pqLimitOverrides, ...over };
}

/** A limit as this process applies it: its override, or the one in LIMITS. */
export function limitOf(name: LimitName): LimitSpec {
  return g.__pqLimitOverrides?.[name] ?? LIMITS[name];
}

/** The Redis connection a limit's store counts on (its own one of the pool), or null without Redis. */
function storeClient(name: LimitName): RedisClient | null {
  g.__pqLimiterClients ??= new Map();
  if (!g.__pqLimiterClients.has(name)) g.__pqLimiterClients.set(name, getRedis());
  return g.__pqLimiterClients.get(name) ?? null;
}

function limiter(name: LimitName): Limiter {
  g.__pqLimiters ??= new Map();
  let l = g.__pqLimiters.get(name);
  if (!l) {
    // A clinic's staff may share one public address (NAT): its sign-ins per 5 minutes are configurable.
    const spec =
      name === "loginIp" && !g.__pqLimitOverrides?.loginIp
        ? { ...LIMITS.loginIp, points: env().LOGIN_ATTEMPTS_PER_ADDRESS }
        : limitOf(name);
    const memory = new RateLimiterMemory({ ...spec, keyPrefix: `pq-rl-${name}` });
    const redis = storeClient(name);
    l = redis
      ? new RateLimiterRedis({
          ...spec,
          storeClient: redis,
          keyPrefix: `${env().REDIS_KEY_PREFIX}rl:${name}`,
          rejectIfRedisNotReady: true,
          insuranceLimiter: memory,
        })
      : memory;
    g.__pqLimiters.set(name, l);
  }
  return l;
}

/** A stable short key for a secret (a token, an email) so the store never holds the secret itself. */
export function hashKey(value: string): string {
  return createHash("sha256").update(value).digest("base64url").slice(0, 22);
}

export type LimitResult = { ok: true } | { ok: false; retryAfterSeconds: number };

const OK: LimitResult = { ok: true };
const refusedFor = (ms: number): LimitResult => ({
  ok: false,
  retryAfterSeconds: Math.max(1, Math.ceil(ms / 1000)),
});

/** Takes one point; never throws (a limiter failure lets the request through). */
export async function consume(name: LimitName, key: string): Promise<LimitResult> {
  const reserved = reservedPoints(name);
  if (reserved) return reserved.take(key);
  try {
    await limiter(name).consume(key);
    return OK;
  } catch (err) {
    if (err instanceof RateLimiterRes) return refusedFor(err.msBeforeNext);
    log.warn(`[rate-limit] ${name} unavailable: ${(err as Error).message}`);
    return OK;
  }
}

/** The limits taken through `ReservedPoints`: read many times a second, never forgiven. */
const RESERVED: ReadonlySet<LimitName> = new Set(["trackIp", "trackToken"]);
/** A reservation is at most this share of a limit, and never more than MAX_RESERVATION points. */
const RESERVATION_SHARE = 1 / 20;
const MAX_RESERVATION = 1000;
const MAX_RESERVED_KEYS = 50_000;

type Grant = {
  /** Points reserved in the shared store and not spent yet. */
  left: number;
  /** End of the store's window the points belong to (ms). */
  until: number;
  /** What the store had left after the last reservation (the next one asks for no more). */
  remaining: number;
  /** Refused by the store until then: answered here without asking again. */
  blockedUntil: number;
  reserving: Promise<LimitResult> | null;
};

/**
 * The in-process tier in front of a shared limiter. Points are taken from the shared store in small
 * reservations (at most 1/20 of the limit, and no more than the store said was left), then spent
 * here one read at a time; a key the store refused is refused here until its window ends. Every
 * point spent was counted in the shared store first, so all instances together still allow at most
 * the limit per window. The cost: points one instance reserved and did not spend are lost to the
 * others until the window ends (at most a reservation minus one, per instance and key), so the limit
 * can only get a little stricter, never looser. Alone, an instance allows exactly the limit, because
 * reservations shrink to one point as the store runs out.
 */
export class ReservedPoints {
  private readonly grants = new Map<string, Grant>();
  private readonly maxReservation: number;

  /**
   * `storeIsShared`: false while the shared store is away and its in-memory insurance answers; the
   * tier then takes one point per read (as without it), so nothing reserved during an outage is
   * spent once the shared count is back. `beforeAsking`: something to wait for first (the store's
   * first connection, at start).
   */
  constructor(
    private readonly store: () => Pick<Limiter, "consume">,
    private readonly points: number,
    private readonly opts: {
      label?: string;
      storeIsShared?: () => boolean;
      beforeAsking?: () => Promise<void> | null;
    } = {},
  ) {
    this.maxReservation = Math.max(1, Math.min(MAX_RESERVATION, Math.floor(points * RESERVATION_SHARE)));
  }

  /** Takes one point: synchronously when it can be answered here, else after asking the store. */
  take(key: string): LimitResult | Promise<LimitResult> {
    return this.takeHere(key, Date.now()) ?? this.reserve(key);
  }

  private takeHere(key: string, now: number): LimitResult | null {
    const g = this.grants.get(key);
    if (!g || g.reserving) return null;
    if (now < g.blockedUntil) return refusedFor(g.blockedUntil - now);
    if (g.left > 0 && now < g.until) {
      g.left--;
      return OK;
    }
    return null;
  }

  private async reserve(key: string): Promise<LimitResult> {
    for (;;) {
      let g = this.grants.get(key);
      if (g?.reserving) {
        // Another read of this key is asking the store: wait for its answer, then spend from it.
        await g.reserving;
        const here = this.takeHere(key, Date.now());
        if (here) return here;
        continue;
      }
      if (!g) {
        if (this.grants.size >= MAX_RESERVED_KEYS) this.prune(Date.now());
        g = { left: 0, until: 0, remaining: this.points, blockedUntil: 0, reserving: null };
        this.grants.set(key, g);
      }
      const grant = g;
      grant.reserving = this.ask(key, grant).finally(() => {
        grant.reserving = null;
      });
      return grant.reserving;
    }
  }

  private async ask(key: string, g: Grant): Promise<LimitResult> {
    const first = this.opts.beforeAsking?.();
    if (first) await first;
    const known = Date.now() < g.until ? g.remaining : this.points;
    const shared = this.opts.storeIsShared?.() ?? true;
    const n = shared ? Math.max(1, Math.min(this.maxReservation, known)) : 1;
    try {
      const res = await this.store().consume(key, n);
      g.left = n - 1;
      g.until = Date.now() + res.msBeforeNext;
      g.remaining = res.remainingPoints;
      g.blockedUntil = 0;
      return OK;
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) {
        log.warn(`[rate-limit] ${this.opts.label ?? "limit"} unavailable: ${(err as Error).message}`);
        g.left = 0;
        g.until = 0;
        return OK;
      }
      // The store counted all n; those that still fit under the limit are ours to spend.
      const ours = Math.min(n, this.points - (err.consumedPoints - n));
      g.until = Date.now() + err.msBeforeNext;
      g.remaining = 0;
      if (ours >= 1) {
        g.left = ours - 1;
        g.blockedUntil = 0;
        return OK;
      }
      g.left = 0;
      g.blockedUntil = g.until;
      return refusedFor(err.msBeforeNext);
    }
  }

  /** Forgets keys whose window is over (their unspent points are void anyway). */
  private prune(now: number) {
    for (const [key, g] of this.grants)
      if (!g.reserving && now >= g.until && now >= g.blockedUntil) this.grants.delete(key);
    if (this.grants.size >= MAX_RESERVED_KEYS) {
      // Dropping live reservations only makes the limit stricter (their points stay counted).
      for (const [key, g] of this.grants) if (!g.reserving) this.grants.delete(key);
    }
  }
}

const rg = globalThis as unknown as { __pqReservedPoints?: Map<LimitName, ReservedPoints> };

/** How long reads wait, at start, for the shared store's first connection. */
const FIRST_CONNECT_WAIT_MS = 1_000;
const everReady = new WeakSet<RedisClient>();
const firstConnect = new WeakMap<RedisClient, Promise<void>>();

/**
 * While an instance is still making its first Redis connection (a few ms at start), waits for it
 * (at most FIRST_CONNECT_WAIT_MS), so the first reads are counted where every instance counts
 * them rather than in this instance's insurance limiter. Null once connected, or during a later
 * outage (the insurance answers then, as designed).
 */
function untilFirstConnected(redis: RedisClient | null): Promise<void> | null {
  if (!redis) return null;
  if (isRedisReady(redis)) {
    everReady.add(redis);
    return null;
  }
  if (everReady.has(redis)) return null;
  let wait = firstConnect.get(redis);
  if (!wait) {
    wait = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, FIRST_CONNECT_WAIT_MS);
      timer.unref();
      redis.once("ready", () => {
        everReady.add(redis);
        clearTimeout(timer);
        resolve();
      });
    });
    firstConnect.set(redis, wait);
  }
  return wait;
}

function reservedPoints(name: LimitName): ReservedPoints | null {
  if (!RESERVED.has(name)) return null;
  rg.__pqReservedPoints ??= new Map();
  let r = rg.__pqReservedPoints.get(name);
  if (!r) {
    r = new ReservedPoints(() => limiter(name), limitOf(name).points, {
      label: name,
      // The limiter's own connection: another one of the pool may be up while it is not.
      storeIsShared: () => {
        const redis = storeClient(name);
        return !redis || isRedisReady(redis);
      },
      beforeAsking: () => untilFirstConnected(storeClient(name)),
    });
    rg.__pqReservedPoints.set(name, r);
  }
  return r;
}

/** Clears a key (after a successful sign-in, the account's failed attempts are forgiven). */
export async function forgive(name: LimitName, key: string) {
  await limiter(name)
    .delete(key)
    .catch(() => {});
}

/** Whether `key` was marked (by `remember`) and the mark has not expired; false when the store fails. */
async function isRemembered(name: LimitName, key: string): Promise<boolean> {
  try {
    return (await limiter(name).get(key)) !== null;
  } catch (err) {
    log.warn(`[rate-limit] ${name} unavailable: ${(err as Error).message}`);
    return false;
  }
}

/** Marks `key` for the limit's duration (counted from now). */
async function remember(name: LimitName, key: string) {
  await limiter(name)
    .set(key, 1, limitOf(name).duration)
    .catch((err: Error) => log.warn(`[rate-limit] ${name} unavailable: ${err.message}`));
}

/**
 * The limits of one sign-in attempt for `email` from `ip`, taken before the password is checked
 * (so parallel guesses are counted too); throws RateLimited when one is exhausted.
 * - per address: `loginIp`, every attempt;
 * - per (account, address) pair: `loginAddress`; a success clears the pair;
 * - per account: `loginAccount`, much higher, and only for addresses the account has not signed in
 *   from in the last 30 days, so guessing from many addresses cannot lock the owner out of the
 *   address they usually sign in from (a first sign-in from a new address during such an attack
 *   waits until the window ends). A success gives its point back and remembers the address.
 * The store holds hashes of the email, never the email itself.
 */
export async function loginAttempt(email: string, ip: string): Promise<{ succeeded: () => Promise<void> }> {
  const account = hashKey(email);
  const pair = hashKey(`${email}\n${ip}`);
  const known = await isRemembered("loginKnownAddress", pair);
  await enforce([
    ["loginIp", ip],
    ["loginAddress", pair],
    ...(known ? [] : ([["loginAccount", account]] as [LimitName, string][])),
  ]);
  return {
    succeeded: async () => {
      await Promise.all([
        forgive("loginAddress", pair),
        known
          ? null
          : limiter("loginAccount")
              .reward(account, 1)
              .catch(() => {}),
        remember("loginKnownAddress", pair),
      ]);
    },
  };
}

export class RateLimited extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many requests. Please wait ${retryAfterSeconds} s and try again.`);
    this.name = "RateLimited";
  }
}

/** Consumes every (limit, key) pair; throws RateLimited with the longest wait when one is exhausted. */
export async function enforce(pairs: [LimitName, string][]) {
  const refused = refusalOf(await Promise.all(pairs.map(([name, key]) => consume(name, key))));
  if (refused) throw refused;
}

function refusalOf(results: LimitResult[]): RateLimited | null {
  let wait = 0;
  for (const r of results) if (!r.ok) wait = Math.max(wait, r.retryAfterSeconds);
  return wait > 0 ? new RateLimited(wait) : null;
}

/** The public tracking read's limits: per client IP and per link. */
export function trackingLimits(ip: string, token: string): [LimitName, string][] {
  return [
    ["trackIp", ip],
    ["trackToken", hashKey(token)],
  ];
}

/**
 * Takes the tracking limits like `enforce(trackingLimits(ip, token))`, but without a promise when
 * the local tier can answer (the hot read's path): null when allowed, else the refusal.
 * `tokenKey` is `hashKey(token)`.
 */
export function takeTrackingLimits(
  ip: string,
  tokenKey: string,
): RateLimited | null | Promise<RateLimited | null> {
  const byIp = reservedPoints("trackIp")!.take(ip);
  const byToken = reservedPoints("trackToken")!.take(tokenKey);
  if (byIp instanceof Promise || byToken instanceof Promise)
    return Promise.all([byIp, byToken]).then(refusalOf);
  return byIp.ok && byToken.ok ? null : refusalOf([byIp, byToken]);
}

/** Tracking limits already taken for a request, by the read's fast path in front of the procedure. */
export type TakenLimits = { token: string; refused: RateLimited | null };
const takenFor = new WeakMap<object, TakenLimits>();

/**
 * Records that the tracking limits were taken for this request (server/http/track-fast.ts), so the
 * procedure it hands the request to does not count it twice and gives the same refusal.
 */
export function markTrackingLimitsTaken(req: object, taken: TakenLimits) {
  takenFor.set(req, taken);
}

export function trackingLimitsTaken(req: object): TakenLimits | null {
  return takenFor.get(req) ?? null;
}
