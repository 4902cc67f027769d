// A dynamic segment of a page's path (`/track/<token>`, `/display/<doctorId>`, `/reset/<token>`),
// decoded once more the way these pages always did, but never thrown on: `%`, `%E0` or `%ZZ` left
// in it (a mistyped or hostile link) is kept as it is, and the page answers as for any unknown link
// instead of a 500 ("URI malformed", found by an attacker's probe on 2026-12-07).
export function pathParam(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
