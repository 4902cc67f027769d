// A stand-in for a Web Push service (tests and the e2e journey): a local HTTP server that takes what
// the app posts to a subscription's endpoint and checks it as a real push service and browser would:
// the VAPID JWT (RFC 8292: ES256, `aud` the endpoint's origin, `exp` within 24 h, `sub`) against the
// key in the Authorization header, and the payload decrypted as a browser does (RFC 8291, aes128gcm:
// ECDH with the subscription's private key, made here with node:crypto, and HKDF as the RFC says).
import {
  createDecipheriv,
  createECDH,
  createPublicKey,
  type ECDH,
  hkdfSync,
  type KeyObject,
  randomBytes,
} from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { decodeProtectedHeader, type JWTPayload, jwtVerify } from "jose";

export type ReceivedPush = {
  /** The subscriber (the endpoint's last path segment). */
  name: string;
  headers: http.IncomingHttpHeaders;
  /** The VAPID key the request was signed with (Authorization: vapid t=..., k=...). */
  vapidKey: string;
  jwt: JWTPayload;
  jwtAlg: string;
  /** The decrypted payload, parsed. */
  payload: unknown;
  /** What the stand-in answered. */
  status: number;
};

export type Subscriber = {
  name: string;
  endpoint: string;
  keys: { p256dh: string; auth: string };
  ecdh: ECDH;
  authSecret: Buffer;
};

/** The public key of a raw P-256 point (65 bytes, uncompressed), for jose. */
function p256Key(raw: Buffer): KeyObject {
  return createPublicKey({
    key: {
      kty: "EC",
      crv: "P-256",
      x: raw.subarray(1, 33).toString("base64url"),
      y: raw.subarray(33, 65).toString("base64url"),
    },
    format: "jwk",
  });
}

/** RFC 8291 §3-4 with RFC 8188's aes128gcm record: what a browser does with a push's body. */
export function decryptPush(body: Buffer, sub: Pick<Subscriber, "ecdh" | "authSecret">): Buffer {
  const salt = body.subarray(0, 16);
  const recordSize = body.readUInt32BE(16);
  const idLength = body.readUInt8(20);
  const senderPublic = body.subarray(21, 21 + idLength);
  const record = body.subarray(21 + idLength);
  if (record.length > recordSize) throw new Error("more than one record");
  const receiverPublic = sub.ecdh.getPublicKey();
  const ecdhSecret = sub.ecdh.computeSecret(senderPublic);
  // IKM = HKDF(auth_secret, ecdh_secret, "WebPush: info" || 0x00 || ua_public || as_public, 32)
  const keyInfo = Buffer.concat([Buffer.from("WebPush: info\0"), receiverPublic, senderPublic]);
  const ikm = Buffer.from(hkdfSync("sha256", ecdhSecret, sub.authSecret, keyInfo, 32));
  const cek = Buffer.from(hkdfSync("sha256", ikm, salt, Buffer.from("Content-Encoding: aes128gcm\0"), 16));
  const nonce = Buffer.from(hkdfSync("sha256", ikm, salt, Buffer.from("Content-Encoding: nonce\0"), 12));
  const decipher = createDecipheriv("aes-128-gcm", cek, nonce);
  decipher.setAuthTag(record.subarray(record.length - 16));
  const padded = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
  // The last record ends with the delimiter 0x02, then zero padding.
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (padded[end] !== 2) throw new Error("no last-record delimiter");
  return padded.subarray(0, end);
}

export async function startPushService() {
  const subscribers = new Map<string, Subscriber>();
  const statuses = new Map<string, number>();
  const received: ReceivedPush[] = [];
  const problems: string[] = [];
  const waiters: { test: (p: ReceivedPush) => boolean; resolve: (p: ReceivedPush) => void }[] = [];

  async function check(req: http.IncomingMessage, body: Buffer, origin: string): Promise<ReceivedPush> {
    const name = (req.url ?? "").split("/").pop() ?? "";
    const sub = subscribers.get(name);
    if (!sub) throw new Error(`no subscriber ${name}`);
    const auth = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(req.headers.authorization ?? "");
    if (!auth?.[1] || !auth[2]) throw new Error(`not a VAPID Authorization: ${req.headers.authorization}`);
    const [, token, vapidKey] = auth;
    const { payload: jwt } = await jwtVerify(token, p256Key(Buffer.from(vapidKey, "base64url")), {
      algorithms: ["ES256"],
      audience: origin,
    });
    const nowS = Math.floor(Date.now() / 1000);
    if (!jwt.exp || jwt.exp <= nowS || jwt.exp > nowS + 24 * 3600) throw new Error(`bad exp ${jwt.exp}`);
    if (typeof jwt.sub !== "string" || !/^(mailto:|https:)/.test(jwt.sub))
      throw new Error(`bad sub ${jwt.sub}`);
    if (req.headers["content-encoding"] !== "aes128gcm") throw new Error("not aes128gcm");
    if (!req.headers.ttl) throw new Error("no TTL");
    const text = decryptPush(body, sub).toString("utf8");
    return {
      name,
      headers: req.headers,
      vapidKey,
      jwt,
      jwtAlg: decodeProtectedHeader(token).alg ?? "",
      payload: JSON.parse(text),
      status: statuses.get(name) ?? 201,
    };
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void check(req, Buffer.concat(chunks), origin).then(
        (push) => {
          received.push(push);
          res.writeHead(push.status).end();
          for (const w of [...waiters])
            if (w.test(push)) {
              waiters.splice(waiters.indexOf(w), 1);
              w.resolve(push);
            }
        },
        (err: Error) => {
          problems.push(err.message);
          res.writeHead(400).end(err.message);
        },
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    origin,
    received,
    /** Requests that failed the checks (a bad signature, a payload that does not decrypt). */
    problems,
    /** A browser's subscription to this service: its endpoint and the keys a browser makes. */
    subscriber(name: string): Subscriber {
      const ecdh = createECDH("prime256v1");
      ecdh.generateKeys();
      const authSecret = randomBytes(16);
      const sub = {
        name,
        endpoint: `${origin}/push/${name}`,
        keys: { p256dh: ecdh.getPublicKey().toString("base64url"), auth: authSecret.toString("base64url") },
        ecdh,
        authSecret,
      };
      subscribers.set(name, sub);
      return sub;
    },
    /** Answers pushes to `name` with `status` (410: the subscription is gone). */
    answer(name: string, status: number) {
      statuses.set(name, status);
    },
    /** The first push (already received or still to come) that passes `test`. */
    waitFor(test: (p: ReceivedPush) => boolean): Promise<ReceivedPush> {
      const seen = received.find(test);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve) => waiters.push({ test, resolve }));
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
export type PushService = Awaited<ReturnType<typeof startPushService>>;
