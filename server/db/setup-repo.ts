// The first run: whether the installation still needs its hospital and first admin, the one-time
// setup code (only its hash and creation time are stored), and the one transaction that creates both and uses the code.
import { getDb } from "./client.ts";

const SETUP_CODE_ID = 1;

/** True while no hospital has an active admin (an empty database, or one the demo never filled). */
export async function setupNeeded(): Promise<boolean> {
  const admin = await getDb().staffUser.findFirst({
    where: { role: "ADMIN", active: true },
    select: { id: true },
  });
  return admin === null;
}

export type StoredSetupCode = { codeHash: string; createdAt: Date; usedAt: Date | null };

/** The stored setup code (its hash and when it was made), if any. */
export function readSetupCode(): Promise<StoredSetupCode | null> {
  return getDb().setupCode.findUnique({
    where: { id: SETUP_CODE_ID },
    select: { codeHash: true, createdAt: true, usedAt: true },
  });
}

/**
 * Stores a new code's hash in place of `seen` (what the caller read; null: no row), only if that is
 * still what is stored: of several instances starting at once, one replaces it and the others read
 * the winner's. False when another got there first.
 */
export async function replaceSetupCodeIf(
  seen: StoredSetupCode | null,
  next: { codeHash: string; createdAt: Date },
): Promise<boolean> {
  const db = getDb();
  if (!seen) {
    const created = await db.setupCode.createMany({
      data: [{ id: SETUP_CODE_ID, ...next, usedAt: null }],
      skipDuplicates: true,
    });
    return created.count === 1;
  }
  const replaced = await db.setupCode.updateMany({
    where: { id: SETUP_CODE_ID, codeHash: seen.codeHash, createdAt: seen.createdAt },
    data: { ...next, usedAt: null },
  });
  return replaced.count === 1;
}

/** Whether `codeHash` is the current, unused code (a cheap check; the transaction decides). */
export async function setupCodeMatches(codeHash: string): Promise<boolean> {
  const code = await getDb().setupCode.findFirst({
    where: { id: SETUP_CODE_ID, codeHash, usedAt: null },
    select: { id: true },
  });
  return code !== null;
}

export type NewInstallation = {
  codeHash: string;
  now: Date;
  hospital: {
    name: string;
    slugBase: string;
    timeZone: string;
    address: string | null;
    phone: string | null;
  };
  admin: { name: string; email: string; passwordHash: string };
};

export type InstallationOutcome =
  | {
      ok: true;
      hospital: { id: string; slug: string; name: string };
      admin: { id: string; sessionVersion: number };
    }
  | { ok: false; why: "done" | "code" };

/**
 * Uses the code and creates the hospital and its admin, all or nothing. The code's row is claimed
 * first by a conditional update: a second call racing this one waits on that row and then finds it
 * used (or this transaction rolled back and the code unused again), so two calls never both succeed.
 */
export async function completeInstallation(data: NewInstallation): Promise<InstallationOutcome> {
  try {
    return await install(data);
  } catch (err) {
    if (err instanceof Rollback) return { ok: false, why: err.why };
    throw err;
  }
}

function install(data: NewInstallation): Promise<InstallationOutcome> {
  return getDb().$transaction(async (tx) => {
    const claimed = await tx.setupCode.updateMany({
      where: { id: SETUP_CODE_ID, codeHash: data.codeHash, usedAt: null },
      data: { usedAt: data.now },
    });
    if (claimed.count !== 1) {
      const code = await tx.setupCode.findUnique({ where: { id: SETUP_CODE_ID }, select: { usedAt: true } });
      return { ok: false, why: code?.usedAt ? "done" : "code" };
    }
    const admins = await tx.staffUser.count({ where: { role: "ADMIN", active: true } });
    if (admins > 0) return rollback("done");
    const taken = await tx.hospital.findMany({
      where: { slug: { startsWith: data.hospital.slugBase } },
      select: { slug: true },
    });
    const slug = freeSlug(data.hospital.slugBase, new Set(taken.map((h) => h.slug)));
    const hospital = await tx.hospital.create({
      data: {
        slug,
        name: data.hospital.name,
        timeZone: data.hospital.timeZone,
        address: data.hospital.address,
        phone: data.hospital.phone,
        createdAt: data.now,
      },
      select: { id: true, slug: true, name: true },
    });
    const admin = await tx.staffUser.create({
      data: {
        hospitalId: hospital.id,
        email: data.admin.email,
        name: data.admin.name,
        passwordHash: data.admin.passwordHash,
        role: "ADMIN",
        createdAt: data.now,
      },
      select: { id: true, sessionVersion: true },
    });
    return { ok: true, hospital, admin };
  });
}

/** Thrown inside the transaction so that the code's claim is undone; turned back into an outcome. */
class Rollback extends Error {
  constructor(readonly why: "done" | "code") {
    super(why);
  }
}
function rollback(why: "done" | "code"): never {
  throw new Rollback(why);
}

function freeSlug(base: string, taken: Set<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}
