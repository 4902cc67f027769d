// One-time set-password links: the only code that reads or writes PasswordResetLink rows.
import { getDb } from "./client.ts";
import type { Prisma } from "./generated/client.ts";
import type { NewResetLink } from "./staff-repo.ts";

/**
 * Ends a person's unused links, inside the transaction that changes what they were for: a new
 * password (their own or set by an admin) or a deactivation. A link handed out before must not set
 * the password again afterwards (an attacker's probe used one after the owner had changed theirs).
 */
export async function endUnusedResetLinks(tx: Prisma.TransactionClient, staffId: string) {
  await tx.passwordResetLink.deleteMany({ where: { staffId, usedAt: null } });
}

/**
 * A new link for an account of this hospital; that person's earlier unused links stop working.
 * False when the account is not in this hospital.
 */
export async function replaceResetLink(hospitalId: string, staffId: string, link: NewResetLink) {
  return getDb().$transaction(async (tx) => {
    const staff = await tx.staffUser.findFirst({ where: { id: staffId, hospitalId }, select: { id: true } });
    if (!staff) return false;
    await endUnusedResetLinks(tx, staffId);
    await tx.passwordResetLink.create({ data: { staffId, ...link }, select: { id: true } });
    return true;
  });
}

/** The link behind a secret's hash, with what the password policy needs of its account. */
export function findResetLink(tokenHash: string) {
  return getDb().passwordResetLink.findUnique({
    where: { tokenHash },
    select: {
      id: true,
      staffId: true,
      expiresAt: true,
      usedAt: true,
      staff: { select: { email: true, name: true, active: true } },
    },
  });
}

/**
 * Uses a link: marks it used (only if still unused and unexpired), sets the password and ends every
 * session of the account, in one transaction. False when the link was used or expired meanwhile, or
 * the account is deactivated.
 */
export async function consumeResetLink(
  link: { id: string; staffId: string },
  passwordHash: string,
  now: Date,
): Promise<boolean> {
  return getDb().$transaction(async (tx) => {
    // A deactivated account's link sets nothing (reactivated later, it would sign in with it).
    const active = await tx.staffUser.findFirst({
      where: { id: link.staffId, active: true },
      select: { id: true },
    });
    if (!active) return false;
    const { count } = await tx.passwordResetLink.updateMany({
      where: { id: link.id, usedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
    });
    if (count === 0) return false;
    await tx.staffUser.update({
      where: { id: link.staffId },
      data: { passwordHash, sessionVersion: { increment: 1 } },
      select: { id: true },
    });
    await tx.staffSession.updateMany({
      where: { staffId: link.staffId, revokedAt: null },
      data: { revokedAt: now },
    });
    return true;
  });
}
