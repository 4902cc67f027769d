// Open WebSockets that act for a staff identity, and the end of that identity everywhere at once.
// A revocation (sign-out, deactivation, a new password, a revoked token) is announced on the bus
// channel `identity_revoked`; every instance closes that identity's sockets with close code 4001
// and a reason the pages show. Expiry needs no announcement: a sweep each second closes sockets
// whose session went idle or reached its end (after re-checking the record: another tab may have
// used it), and every few seconds all are re-checked against the database, which also covers a
// revocation announced while Redis was away.
import {
  type Identity,
  identityKeys,
  type RevocationTarget,
  recheckIdentity,
  revocationKey,
} from "../auth/identity.ts";
import { now } from "../clock.ts";
import { errorField, log } from "../log.ts";
import { getRedis, getRedisSubscriber } from "../redis.ts";
import { HybridBus } from "./bus-index.ts";
import { RedisBus } from "./bus-redis.ts";
import { instanceId } from "./instance.ts";

export const SIGNED_OUT_CODE = 4001;
export const SIGNED_OUT_REASON = "You were signed out";
const TOKEN_REVOKED_REASON = "This API token is no longer valid";
const CHANNEL = "identity_revoked";
const SWEEP_MS = 500;
const RECHECK_ALL_MS = 5_000;

type Closer = (code: number, reason: string) => void;
type Entry = { identity: Identity; close: Closer; checking: boolean; closed: boolean };

export class IdentitySockets {
  private readonly byKey = new Map<string, Set<Entry>>();
  private readonly entries = new Set<Entry>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private lastFullCheck = 0;

  get size() {
    return this.entries.size;
  }

  /** Open sockets of the identity `key` names, on this instance. */
  count(key: string): number {
    return this.byKey.get(key)?.size ?? 0;
  }

  /** Tracks a socket acting for `identity`; returns the function to call when it closes. */
  register(identity: Identity, close: Closer): () => void {
    const entry: Entry = { identity, close, checking: false, closed: false };
    this.entries.add(entry);
    for (const key of identityKeys(identity)) {
      const set = this.byKey.get(key) ?? new Set<Entry>();
      set.add(entry);
      this.byKey.set(key, set);
    }
    this.start();
    return () => this.forget(entry);
  }

  /** Closes this instance's sockets of the identity `key` names (`staff:…`, `session:…`, `token:…`). */
  revokeLocal(key: string, reason = SIGNED_OUT_REASON): number {
    const set = this.byKey.get(key);
    if (!set) return 0;
    let n = 0;
    for (const entry of [...set]) {
      this.end(entry, reason);
      n++;
    }
    return n;
  }

  /** One pass: sockets past their deadline are re-checked, and every few seconds all of them. */
  async sweep(): Promise<void> {
    const at = now().getTime();
    const all = at - this.lastFullCheck >= RECHECK_ALL_MS;
    if (all) this.lastFullCheck = at;
    const due = [...this.entries].filter((e) => !e.checking && (all || e.identity.deadline <= at));
    await Promise.all(due.map((e) => this.recheck(e)));
  }

  private async recheck(entry: Entry) {
    entry.checking = true;
    try {
      const fresh = await recheckIdentity(entry.identity, { touch: false });
      if (!fresh) this.end(entry, reasonFor(entry.identity));
      else entry.identity = fresh;
    } catch (err) {
      log.warn(errorField(err), "[identity] could not re-check an open socket's identity");
    } finally {
      entry.checking = false;
    }
  }

  private end(entry: Entry, reason: string) {
    if (entry.closed) return;
    this.forget(entry);
    entry.closed = true;
    try {
      entry.close(SIGNED_OUT_CODE, reason);
    } catch {
      // already closed
    }
  }

  private forget(entry: Entry) {
    this.entries.delete(entry);
    for (const key of identityKeys(entry.identity)) {
      const set = this.byKey.get(key);
      set?.delete(entry);
      if (set?.size === 0) this.byKey.delete(key);
    }
    if (this.entries.size === 0) this.stop();
  }

  private start() {
    if (this.timer) return;
    this.timer = setInterval(() => void this.sweep(), SWEEP_MS);
    this.timer.unref();
  }

  stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

function reasonFor(identity: Identity) {
  return identity.kind === "token" ? TOKEN_REVOKED_REASON : SIGNED_OUT_REASON;
}

const g = globalThis as unknown as { __pqIdentitySockets?: IdentitySockets; __pqIdentityBus?: HybridBus };

export function identitySockets(): IdentitySockets {
  if (!g.__pqIdentitySockets) {
    const sockets = new IdentitySockets();
    g.__pqIdentitySockets = sockets;
    identityBus().subscribe((msg) => {
      if (msg.kind === "revoked") sockets.revokeLocal(msg.topic, msg.reason);
    });
  }
  return g.__pqIdentitySockets;
}

function identityBus(): HybridBus {
  if (!g.__pqIdentityBus) {
    const publisher = getRedis();
    const subscriber = getRedisSubscriber();
    g.__pqIdentityBus = new HybridBus(
      publisher && subscriber ? new RedisBus({ publisher, subscriber, instanceId, channel: CHANNEL }) : null,
    );
  }
  return g.__pqIdentityBus;
}

/**
 * Ends an identity's open sockets on every instance (this one at once, the others through Redis).
 * Call it after the change that revoked it has been committed.
 */
export async function announceRevoked(target: RevocationTarget): Promise<void> {
  identitySockets(); // this instance listens before it publishes
  const reason = "tokenId" in target ? TOKEN_REVOKED_REASON : SIGNED_OUT_REASON;
  await identityBus().publish({
    topic: revocationKey(target),
    version: 0,
    reason,
    kind: "revoked",
    at: Date.now(),
  });
}
