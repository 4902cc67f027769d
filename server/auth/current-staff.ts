// The signed-in staff member for a server component (reads the session cookie via next/headers).
import "server-only";
import { cookies } from "next/headers";
import { SESSION_COOKIE, staffFromSessionToken } from "./session.ts";

export async function currentStaff() {
  const jar = await cookies();
  return staffFromSessionToken(jar.get(SESSION_COOKIE)?.value);
}
