// Staff passwords: scrypt from node:crypto, stored as `scrypt$N$r$p$saltB64$hashB64`.
import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from "node:crypto";

const N = 16384;
const R = 8;
const P = 1;
const KEYLEN = 64;

/** Hash computations of this process (the tests check that sign-in does one whether or not the account exists). */
export const passwordWork = { derivations: 0 };

function derive(password: string, salt: Buffer, keylen: number, opts: ScryptOptions): Promise<Buffer> {
  passwordWork.derivations++;
  return new Promise((resolve, reject) => {
    scrypt(password.normalize("NFKC"), salt, keylen, opts, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await derive(password, salt, KEYLEN, { N, r: R, p: P });
  return ["scrypt", N, R, P, salt.toString("base64"), hash.toString("base64")].join("$");
}

/**
 * A hash of the current cost that no password matches (its "hash" is random bytes): checking a
 * password against it takes as long as against a real account's, so an unknown email answers no
 * sooner than a known one.
 */
const DUMMY_HASH = [
  "scrypt",
  N,
  R,
  P,
  randomBytes(16).toString("base64"),
  randomBytes(KEYLEN).toString("base64"),
].join("$");

/**
 * The stored hash of an account whose person has not set a password yet (it gets a one-time link):
 * the same shape and cost as a real one, and no password matches it.
 */
export function unusablePasswordHash(): string {
  return ["scrypt", N, R, P, randomBytes(16).toString("base64"), randomBytes(KEYLEN).toString("base64")].join(
    "$",
  );
}

/**
 * False for a wrong password and for anything that is not a hash of ours; never throws. `null` (no
 * such account) does the same work against a dummy hash and is always false.
 */
export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  if (stored === null) {
    await verifyPassword(password, DUMMY_HASH);
    return false;
  }
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return false;
  const [n, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  const salt = Buffer.from(parts[4] ?? "", "base64");
  const expected = Buffer.from(parts[5] ?? "", "base64");
  // Bounds keep a tampered row from asking for gigabytes of memory.
  if (![n, r, p].every(Number.isInteger) || n < 2 || n > 2 ** 20 || r < 1 || r > 32 || p < 1 || p > 16)
    return false;
  if (salt.length === 0 || expected.length < 16) return false;
  try {
    const actual = await derive(password, salt, expected.length, {
      N: n,
      r,
      p,
      maxmem: 256 * n * r + 1024 * 1024,
    });
    return timingSafeEqual(actual, expected);
  } catch {
    return false;
  }
}
