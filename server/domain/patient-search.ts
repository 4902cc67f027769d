// What a "find a patient" query asks for: a name (folded for case and accents), phone digits or a
// ticket number. Pure; server/db/search-repo.ts runs it.

/** Letters folded to their base letter, on both sides of a name match (after lower-casing). */
export const ACCENTED = "áàâäãåāăąçćčďéèêëēėęěíìîïīįłñńňóòôöõøōőŕřśšťúùûüūůűųýÿźżž";
export const FOLDED = "aaaaaaaaacccdeeeeeeeeiiiiiilnnnoooooooorrsstuuuuuuuuyyzzz";

/** The same folding for SQL translate(), upper case included (the database may lower ASCII only). */
export const FOLD_FROM = ACCENTED + ACCENTED.toUpperCase();
export const FOLD_TO = FOLDED + FOLDED;

const FOLD = new Map([...ACCENTED].map((c, i) => [c, FOLDED[i]!]));

/** Lower case, accents dropped: how names compare in a search. */
export function foldName(text: string): string {
  return [...text.toLowerCase()].map((c) => FOLD.get(c) ?? c).join("");
}

export type PatientQuery = {
  /** Folded text to find inside names; null for a ticket-only query ("#12"). */
  name: string | null;
  /** Digit strings to find inside phone numbers' digits. */
  phoneDigits: string[];
  /** A ticket number on today's queues. */
  ticket: number | null;
};

const TICKET_ONLY = /^#\s*(\d{1,6})$/;
const PHONE_LIKE = /^\+?[\d\s().-]+$/;

/** Whether a (trimmed) query is long enough: 2 characters, or "#" and a ticket number. */
export function isSearchableQuery(q: string): boolean {
  return q.length >= 2 || TICKET_ONLY.test(q);
}

export function parsePatientQuery(raw: string): PatientQuery {
  const q = raw.trim();
  const ticketOnly = TICKET_ONLY.exec(q);
  if (ticketOnly) return { name: null, phoneDigits: [], ticket: Number(ticketOnly[1]) };
  const ticket = /^\d{1,6}$/.test(q) ? Number(q) : null;
  const phoneDigits: string[] = [];
  if (PHONE_LIKE.test(q)) {
    const digits = q.replace(/\D/g, "");
    if (digits.length >= 2) phoneDigits.push(digits);
    // A national number typed with its trunk 0 ("021 555") is stored as +64 21 555...: try both.
    const national = digits.replace(/^0+/, "");
    if (national !== digits && national.length >= 2) phoneDigits.push(national);
  }
  return { name: foldName(q), phoneDigits, ticket };
}
