// Staff accounts: the only code that reads StaffUser rows.
import { getDb } from "./client.ts";

export type SessionStaff = {
  id: string;
  hospitalId: string;
  email: string;
  name: string;
  role: "ADMIN" | "RECEPTIONIST" | "DOCTOR";
  doctorId: string | null;
  active: boolean;
  sessionVersion: number;
  hospital: { name: string; timeZone: string };
};

const sessionSelect = {
  id: true,
  hospitalId: true,
  email: true,
  name: true,
  role: true,
  doctorId: true,
  active: true,
  sessionVersion: true,
  hospital: { select: { name: true, timeZone: true } },
} as const;

export function findStaffForSession(id: string): Promise<SessionStaff | null> {
  return getDb().staffUser.findUnique({ where: { id }, select: sessionSelect });
}

export function findStaffForLogin(email: string) {
  return getDb().staffUser.findUnique({
    where: { email: email.trim().toLowerCase() },
    select: { ...sessionSelect, passwordHash: true },
  });
}
