// The first run of a real clinic (PQ_DEMO=false on an empty database): while no hospital has an
// active admin, the server prints a one-time setup code in its log at start, every page leads to
// /setup, and whoever knows the code creates the hospital and its first admin, once.
import { createHash, createHmac } from "node:crypto";
import { hashPassword } from "../auth/password.ts";
import {
  completeInstallation,
  readSetupCode,
  replaceSetupCodeIf,
  setupCodeMatches,
  setupNeeded,
} from "../db/setup-repo.ts";
import { DomainError } from "../domain/errors.ts";
import { requireTimeZone } from "../domain/time-zone.ts";
import { env } from "../env.ts";
import { enforce } from "../http/rate-limit.ts";

/** RFC 4648 base32: upper-case letters and 2-7, nothing two people would read differently aloud. */
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/**
 * The code of a setup code made at `createdAt`: 80 bits of an HMAC of that instant under the
 * instances' shared secret (JWT_SECRET). Every instance that reads the stored row prints the same
 * code, and nobody without the secret (which already signs every session) can work it out.
 */
export function setupCodeOf(createdAt: Date, secret: string = env().JWT_SECRET): string {
  const bytes = createHmac("sha256", secret).update(`pq-setup-code:${createdAt.getTime()}`).digest();
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of bytes.subarray(0, 10)) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return [0, 4, 8, 12].map((i) => out.slice(i, i + 4)).join("-");
}

/** A stored code younger than this is printed again (by another instance, or after a restart). */
export const SETUP_CODE_REUSE_MS = 24 * 3_600_000;

/** What is compared: the code without spaces or dashes, in capitals (typed "k7qd m2xa..." works). */
export function normalizeSetupCode(code: string): string {
  return code.replace(/[\s-]/g, "").toUpperCase();
}

/** Only this is stored. The code has 80 unpredictable bits and guesses are rate limited: a fast hash will do. */
export function hashSetupCode(code: string): string {
  return createHash("sha256").update(normalizeSetupCode(code)).digest("hex");
}

// ---- Whether setup is needed, cached for the page redirect -------------------------------------

/** While setup is needed, the database is asked again at most this often (another instance may finish it). */
const RECHECK_MS = 2_000;
type Flag = { needed: boolean; checkedAt: number; checking: Promise<boolean> | null };
const g = globalThis as unknown as { __pqSetupFlag?: Flag };

/**
 * Whether the installation still needs /setup. Once false it stays false without asking the
 * database again (setup cannot be undone); while true it is re-read at most every RECHECK_MS.
 */
export function isSetupNeeded(): boolean | Promise<boolean> {
  const flag = g.__pqSetupFlag;
  if (flag && (!flag.needed || Date.now() - flag.checkedAt < RECHECK_MS)) return flag.needed;
  if (flag?.checking) return flag.checking;
  const checking = setupNeeded().then(
    (needed) => {
      g.__pqSetupFlag = { needed, checkedAt: Date.now(), checking: null };
      return needed;
    },
    (err) => {
      if (g.__pqSetupFlag) g.__pqSetupFlag.checking = null;
      throw err;
    },
  );
  g.__pqSetupFlag = { needed: flag?.needed ?? true, checkedAt: flag?.checkedAt ?? 0, checking };
  return checking;
}

function markSetupDone() {
  g.__pqSetupFlag = { needed: false, checkedAt: Date.now(), checking: null };
}

/** Tests: forget the cached answer. */
export function forgetSetupFlag() {
  delete g.__pqSetupFlag;
}

/**
 * At server start: when setup is needed, the one-time code is written once to the log (`say`), as
 * the line "setup code: XXXX-XXXX-XXXX-XXXX". Every instance prints the same code: an unused one
 * made in the last day (SETUP_CODE_REUSE_MS) is printed again; otherwise a new one replaces it, and
 * of instances starting together one makes it and the others print it. Returns whether setup is
 * needed.
 */
export async function prepareFirstRun(now: Date, say: (line: string) => void): Promise<boolean> {
  const needed = await setupNeeded();
  g.__pqSetupFlag = { needed, checkedAt: Date.now(), checking: null };
  if (!needed) return false;
  say(`No hospital yet: open /setup and enter this setup code: ${await currentSetupCode(now)}`);
  return true;
}

async function currentSetupCode(now: Date): Promise<string> {
  for (;;) {
    const stored = await readSetupCode();
    if (stored && !stored.usedAt && now.getTime() - stored.createdAt.getTime() < SETUP_CODE_REUSE_MS) {
      const code = setupCodeOf(stored.createdAt);
      // Made under another secret (a changed JWT_SECRET): nobody could print it; replace it.
      if (hashSetupCode(code) === stored.codeHash) return code;
    }
    const code = setupCodeOf(now);
    if (await replaceSetupCodeIf(stored, { codeHash: hashSetupCode(code), createdAt: now })) return code;
  }
}

// ---- Completing it -----------------------------------------------------------------------------

export type SetupInput = {
  setupCode: string;
  hospital: { name: string; timeZone: string; address?: string | null; phone?: string | null };
  admin: { name: string; email: string; password: string };
};

const wrongCode = () =>
  new DomainError(
    "SETUP_CODE_INVALID",
    "That setup code is not right. Copy it from the server's log (the line with “setup code:”).",
    "setupCode",
  );

const done = () =>
  new DomainError("SETUP_DONE", "This installation is already set up. Sign in at /login instead.");

/** Creates the hospital and its first admin with the setup code; the admin to sign in. */
export async function completeSetup(input: SetupInput, ip: string, now: Date) {
  // Every attempt counts, before the code is looked at: guessing gets 10 tries per address per 15 min.
  await enforce([["setupIp", ip]]);
  if (!(await setupNeeded())) {
    markSetupDone();
    throw done();
  }
  const timeZone = timeZoneOf(input.hospital.timeZone);
  const codeHash = hashSetupCode(input.setupCode);
  // A wrong code is refused before the (deliberately slow) password hash is worked out.
  if (!(await setupCodeMatches(codeHash))) throw wrongCode();
  const passwordHash = await hashPassword(input.admin.password);
  const outcome = await completeInstallation({
    codeHash,
    now,
    hospital: {
      name: input.hospital.name,
      slugBase: slugOf(input.hospital.name),
      timeZone,
      address: input.hospital.address || null,
      phone: input.hospital.phone || null,
    },
    admin: { name: input.admin.name, email: input.admin.email.trim().toLowerCase(), passwordHash },
  });
  if (!outcome.ok) {
    if (outcome.why === "done") {
      markSetupDone();
      throw done();
    }
    throw wrongCode();
  }
  markSetupDone();
  return outcome;
}

function timeZoneOf(input: string): string {
  try {
    return requireTimeZone(input);
  } catch (err) {
    if (err instanceof DomainError) throw new DomainError(err.reason, err.message, "hospital.timeZone");
    throw err;
  }
}

/** "St. Mary's Clinic – Nord" → "st-marys-clinic-nord"; never empty. */
export function slugOf(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/['’]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 48)
    .replace(/-+$/g, "");
  return slug || "clinic";
}
