// A browser's push subscription as the patient page sends it (PushSubscription.toJSON()): an https
// endpoint of a push service and the keys its messages are encrypted to. The server will post to
// that endpoint, so it is held to what a push service looks like: https on the default port, a host
// name (not an address or localhost), no credentials, bounded length (and where the name points is
// checked when the server connects: server/services/push-transport.ts). PUSH_ALLOW_LOOPBACK_HTTP (tests) also lets
// http://127.0.0.1 in, where a test's stand-in push service listens.
import { z } from "zod";
import { env } from "../../env.ts";

const MAX_ENDPOINT = 1024;
/** A push service's URL is plain printable ASCII (no spaces, controls or bidi marks). */
const ASCII_URL = /^https?:\/\/[\x21-\x7e]+$/;
const IP_LITERAL = /^(?:\d{1,3}(?:\.\d{1,3}){3}|\[.*\])$/;

/** Whether the server may post pushes to this endpoint. */
export function pushEndpointAllowed(endpoint: string): boolean {
  if (!ASCII_URL.test(endpoint)) return false;
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return false;
  }
  if (url.username || url.password || url.hash) return false;
  if (url.protocol === "http:") return env().PUSH_ALLOW_LOOPBACK_HTTP && url.hostname === "127.0.0.1";
  return (
    url.protocol === "https:" &&
    (url.port === "" || url.port === "443") &&
    url.hostname.includes(".") &&
    !IP_LITERAL.test(url.hostname) &&
    !url.hostname.endsWith(".localhost")
  );
}

/** Base64url of exactly `bytes` bytes (padding tolerated, as some browsers send it). */
const base64urlOf = (bytes: number, what: string) =>
  z
    .string()
    .trim()
    .max(128, `${what} is too long.`)
    .refine(
      (v) => /^[A-Za-z0-9_-]+={0,2}$/.test(v) && Buffer.from(v, "base64url").length === bytes,
      `${what} must be ${bytes} bytes in base64url.`,
    )
    .transform((v) => v.replace(/=+$/, ""));

export const ZPushSubscription = z.object({
  endpoint: z
    .string()
    .trim()
    .min(1, "The push endpoint is missing.")
    .max(MAX_ENDPOINT, "The push endpoint is too long.")
    .refine(pushEndpointAllowed, "The push endpoint must be an https address of a push service.")
    .meta({ description: "The push service's endpoint for this browser (https)" }),
  keys: z.object({
    p256dh: base64urlOf(65, "keys.p256dh").meta({ description: "The browser's P-256 public key" }),
    auth: base64urlOf(16, "keys.auth").meta({ description: "The browser's 16-byte auth secret" }),
  }),
});

export const ZPushEndpoint = z.object({
  endpoint: z
    .string()
    .trim()
    .max(MAX_ENDPOINT, "The push endpoint is too long.")
    .regex(ASCII_URL, "The push endpoint must be an http(s) address."),
});
