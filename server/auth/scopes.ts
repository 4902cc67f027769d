// What an API token may do. A token never does more than its staff member's role allows; a session
// (a person in a browser) has every scope of its role.
import { z } from "zod";

export const SCOPES = ["read", "queue", "intake", "admin"] as const;
export type Scope = (typeof SCOPES)[number];
export const ZScope = z.enum(SCOPES);

export const SCOPE_LABELS: Record<Scope, string> = {
  read: "read queues, appointments and statistics",
  queue: "change queues (check in, call, no-show, notices, pause)",
  intake: "book, reschedule and cancel appointments",
  admin: "manage staff accounts",
};

type Role = "ADMIN" | "RECEPTIONIST" | "DOCTOR";

const ROLE_SCOPES: Record<Role, readonly Scope[]> = {
  ADMIN: SCOPES,
  RECEPTIONIST: ["read", "queue", "intake"],
  DOCTOR: ["read", "queue"],
};

export function scopesForRole(role: Role): readonly Scope[] {
  return ROLE_SCOPES[role];
}

/** The stored scopes that are still known (a row may hold one a later version dropped). */
export function knownScopes(stored: readonly string[]): Scope[] {
  return stored.filter((s): s is Scope => (SCOPES as readonly string[]).includes(s));
}
