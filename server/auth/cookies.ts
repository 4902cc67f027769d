// Cookie headers are client input: parsed with the maintained `cookie` package, and a value that
// does not decode (`%E0`, `%`, `%ZZ`) is treated as absent rather than failing the request.
import { parse } from "cookie";

function strictDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return INVALID;
  }
}
const INVALID = "\u0000invalid";

export function readCookie(header: string | string[] | undefined | null, name: string): string | undefined {
  if (!header) return undefined;
  const text = Array.isArray(header) ? header.join("; ") : header;
  if (text.length > 16_384) return undefined;
  const value = parse(text, { decode: strictDecode })[name];
  return value === undefined || value === INVALID || value === "" ? undefined : value;
}
