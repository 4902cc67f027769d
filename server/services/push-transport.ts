// The one way the server reaches a push service: an HTTPS request to the endpoint a patient's browser
// gave, connected only to a public address. The endpoint's text is checked when it is stored
// (schemas/push.ts: https, a host name, the default port), but a name can point anywhere: an
// attacker's probe (2026-12-07) stored https://localhost./x, https://127.0.0.1.nip.io/x and
// https://foo.local:9443/ and the server went looking for each at the next notice. Here the name is
// resolved when the connection is made and every loopback, private, link-local, shared, reserved or
// multicast address is dropped (no later lookup can swap in another: the connection uses these), so
// a blind POST to the clinic's own network cannot be had. PUSH_ALLOW_LOOPBACK_HTTP (tests only) lets
// http://127.0.0.1 through, where a test's stand-in push service listens.
import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import { env } from "../env.ts";

const BLOCKED = new net.BlockList();
for (const [address, prefix] of [
  ["0.0.0.0", 8], // "this network"
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8],
  ["169.254.0.0", 16], // link-local (cloud metadata services live here)
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
] as const)
  BLOCKED.addSubnet(address, prefix, "ipv4");
for (const [address, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["64:ff9b::", 96], // NAT64: an IPv4 address behind it, whichever
  ["100::", 64],
  ["2001:db8::", 32],
  ["fc00::", 7], // unique local
  ["fe80::", 10], // link-local
  ["ff00::", 8], // multicast
] as const)
  BLOCKED.addSubnet(address, prefix, "ipv6");

/** Whether `address` (an IP literal) is one a push service may be at: public, unicast. */
export function isPublicAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 0) return false;
  // IPv4-mapped (::ffff:a.b.c.d): no push service is named so; not a rule in BLOCKED, where it
  // would also match every IPv4 address.
  if (family === 6 && /^(0{0,4}:){0,5}:?ffff:/i.test(address)) return false;
  return !BLOCKED.check(address, family === 4 ? "ipv4" : "ipv6");
}

export type Resolve = (hostname: string) => Promise<dns.LookupAddress[]>;
const systemResolve: Resolve = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | dns.LookupAddress[],
  family?: number,
) => void;

/** A `lookup` for net/https that answers only the public addresses of a name (ENOTPUBLIC if none). */
export function publicOnlyLookup(resolve: Resolve = systemResolve) {
  return (hostname: string, options: dns.LookupOptions, callback: LookupCallback) => {
    resolve(hostname).then(
      (all) => {
        const allowed = all.filter((a) => isPublicAddress(a.address));
        const first = allowed[0];
        if (!first) {
          const err: NodeJS.ErrnoException = new Error(`${hostname} names no public address`);
          err.code = "ENOTPUBLIC";
          callback(err, "", 0);
        } else if (options.all) callback(null, allowed);
        else callback(null, first.address, first.family);
      },
      (err: NodeJS.ErrnoException) => callback(err, "", 0),
    );
  };
}

/** Why a push endpoint is not posted to at all (no connection is tried). */
export class PushEndpointRefused extends Error {
  readonly code = "ENOTPUBLIC";
}

export type PushRequest = { method: string; headers: Record<string, string>; body?: Uint8Array };

/**
 * Sends one request to a push endpoint; resolves with the HTTP status (redirects are not followed).
 * Rejects with PushEndpointRefused for an endpoint that is not https on the default port, or is an
 * address that is not public; with a network error (ENOTPUBLIC among them) otherwise.
 */
export function postToPushService(
  endpoint: string,
  request: PushRequest,
  opts: { timeoutMs: number; resolve?: Resolve },
): Promise<number> {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return Promise.reject(new PushEndpointRefused("not a URL"));
  }
  const loopbackStandIn =
    url.protocol === "http:" && env().PUSH_ALLOW_LOOPBACK_HTTP && url.hostname === "127.0.0.1";
  if (!loopbackStandIn) {
    if (url.protocol !== "https:" || (url.port !== "" && url.port !== "443"))
      return Promise.reject(new PushEndpointRefused("not https on the default port"));
    const literal = url.hostname.replace(/^\[|\]$/g, "");
    if (net.isIP(literal) && !isPublicAddress(literal))
      return Promise.reject(new PushEndpointRefused(`${literal} is not a public address`));
  }
  return new Promise((resolve, reject) => {
    const options: https.RequestOptions = {
      method: request.method,
      headers: request.headers,
      signal: AbortSignal.timeout(opts.timeoutMs),
      ...(loopbackStandIn ? {} : { lookup: publicOnlyLookup(opts.resolve) as unknown as net.LookupFunction }),
    };
    const req = (loopbackStandIn ? http : https).request(url, options, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(request.body);
  });
}
