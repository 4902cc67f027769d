// One WebSocket connection. Patient subscriptions (tracking.onUpdate) go to the fan-out fast path;
// every other message goes to tRPC's own connection handler, created only when first needed (a
// patient's phone never pays for it) and fed through a stand-in for the socket. Per-connection state
// is kept small (no upgrade request, shared listener functions): there may be tens of thousands.
// Every request is looked at here first, whichever path serves it, so the cap on subscriptions per
// socket (WS_DEFAULTS.maxSubscriptions, more with a staff identity) holds for both; one over it gets
// a TOO_MANY_REQUESTS error frame and the socket stays open.
import { EventEmitter } from "node:events";
import type { IncomingMessage } from "node:http";
import { TRPCError } from "@trpc/server";
import type { getWSConnectionHandler } from "@trpc/server/adapters/ws";
import type { RawData, WebSocket } from "ws";
import { identityFromHeaders } from "../auth/identity.ts";
import { clientIp } from "../trpc/context.ts";
import { MAX_BATCH_SIZE } from "../trpc/limits.ts";
import {
  duplicateId,
  endedSubscription,
  errorMessage,
  isSubscription,
  isSubscriptionStop,
  PING,
  PONG,
  type RequestHead,
  type RequestId,
  requestHead,
  subscriptionInput,
} from "../trpc/wire.ts";
import { type FeedClient, type FeedSub, TRACKING_PATH, type TrackingFeed } from "./tracking-feed.ts";

type TrpcConnectionHandler = ReturnType<typeof getWSConnectionHandler>;

export type ConnectionDeps = {
  feed: TrackingFeed | null;
  trpc: TrpcConnectionHandler;
  /** Active subscriptions a socket may hold: without a staff identity, and with one. */
  maxSubscriptions: number;
  maxStaffSubscriptions: number;
  /** Tracking subscriptions take the tracking read limits (false: benchmarks from one address). */
  rateLimit: boolean;
  onClose(conn: Connection): void;
  onError(): void;
};

/**
 * What tRPC's createContext and handler read of the upgrade request, kept instead of the request;
 * only for connections that bring credentials or a query (a patient's phone brings neither).
 */
type Upgrade = { url: string; headers: { host?: string; cookie?: string; authorization?: string } };

const CONNECTION = Symbol("connection");
const connectionOf = (socket: WebSocket) => (socket as WebSocket & { [CONNECTION]: Connection })[CONNECTION];

// One set of listener functions for every socket (`this` is the socket).
function onMessage(this: WebSocket, data: RawData, isBinary: boolean) {
  connectionOf(this).receive(data, isBinary);
}
function onPong(this: WebSocket) {
  connectionOf(this).alive = true;
}
function onError(this: WebSocket, err: Error) {
  connectionOf(this).failed(err);
}
function onClose(this: WebSocket) {
  connectionOf(this).closed();
}

export class Connection implements FeedClient {
  fastSubs: FeedSub[] | null = null;
  /** Answered since the last ping (any message or pong counts). */
  alive = true;
  /** Since when it has held no subscription (0 while it holds one). */
  idleSince = Date.now();
  private trpcSubs: Set<RequestId> | null = null;
  private stand: SocketStandIn | null = null;
  private readonly upgrade: Upgrade | null;
  /** The client's address, as the per-IP limits count it. */
  readonly ip: string;
  /** A connection that sends connection params first is tRPC's alone. */
  private readonly trpcOnly: boolean;
  /** Its first message is the connection params (tRPC reads it as such, whatever it says). */
  private paramsFirst: boolean;
  /** Whether the upgrade brought a staff identity: looked up only once the lower cap is reached. */
  private staff: boolean | undefined = undefined;
  /** Frames that arrived while that lookup ran, handled in order once it is done. */
  private held: RawData[] | null = null;

  constructor(
    readonly socket: WebSocket,
    req: IncomingMessage,
    private readonly deps: ConnectionDeps,
  ) {
    const { host, cookie, authorization } = req.headers;
    const url = req.url ?? "";
    this.upgrade =
      cookie || authorization || url.includes("?") ? { url, headers: { host, cookie, authorization } } : null;
    this.ip = clientIp(req);
    this.paramsFirst = url.includes("connectionParams=1");
    this.trpcOnly = !deps.feed || this.paramsFirst;
    (socket as WebSocket & { [CONNECTION]: Connection })[CONNECTION] = this;
    socket.on("message", onMessage);
    socket.on("pong", onPong);
    socket.on("error", onError);
    socket.once("close", onClose);
  }

  get subscriptions(): number {
    return (this.fastSubs?.length ?? 0) + (this.trpcSubs?.size ?? 0);
  }

  onSubscriptionsChanged() {
    if (this.subscriptions === 0) this.idleSince ||= Date.now();
    else this.idleSince = 0;
  }

  failed(err: Error) {
    this.deps.onError();
    this.stand?.emit("error", err);
  }

  closed() {
    this.deps.feed?.drop(this);
    this.stand?.emit("close");
    this.deps.onClose(this);
  }

  receive(data: RawData, isBinary: boolean) {
    this.alive = true;
    if (this.held) {
      this.held.push(data);
      return;
    }
    if (this.paramsFirst) {
      this.paramsFirst = false;
      this.toTrpc(data, isBinary);
      return;
    }
    // Binary frames are read as text, as tRPC's adapter reads them: no way around the checks.
    const text = data.toString();
    if (text === PING) {
      this.socket.send(PONG);
      return;
    }
    if (text === PONG) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      this.toTrpc(data, isBinary); // tRPC answers with its PARSE_ERROR
      return;
    }
    this.handle(Array.isArray(parsed) ? parsed : [parsed], data, isBinary);
  }

  /** Serves what is the fast path's, refuses what is over the cap, and hands the rest to tRPC. */
  private handle(messages: unknown[], data: RawData | null, isBinary: boolean) {
    // Too many calls in one frame: tRPC refuses the whole batch (maxBatchSize), nothing of it is served.
    if (data && messages.length > MAX_BATCH_SIZE) return this.toTrpc(data, isBinary);
    const rest: unknown[] = [];
    for (let i = 0; i < messages.length; i++) {
      const verdict = this.screen(messages[i]);
      if (verdict === "tRPC") rest.push(messages[i]);
      else if (verdict === "wait") {
        this.holdFor(messages.slice(i));
        break;
      }
    }
    if (data && rest.length === messages.length) this.toTrpc(data, isBinary);
    else if (rest.length > 0)
      this.toTrpc(Buffer.from(JSON.stringify(rest.length === 1 ? rest[0] : rest)), false);
  }

  /**
   * One request: "served" when answered here (a fast-path subscription or stop, or a refusal),
   * "tRPC" for tRPC's handler, "wait" when the cap depends on a staff identity not looked up yet.
   */
  private screen(raw: unknown): "served" | "tRPC" | "wait" {
    const m = requestHead(raw);
    if (!m) return "tRPC";
    const feed = this.trpcOnly ? null : this.deps.feed;
    if (isSubscriptionStop(m)) return feed?.unsubscribe(this, m.id) ? "served" : "tRPC";
    // A request may not reuse the id of a subscription this socket holds: tRPC would refuse a
    // subscription, and any reply to it would look like that subscription's end here.
    if (this.trpcSubs?.has(m.id) || this.fastSubs?.some((s) => s.id === m.id)) {
      this.refuse(m, duplicateId(m.id));
      return "served";
    }
    if (!isSubscription(m)) return "tRPC";
    const held = this.subscriptions;
    if (held >= this.deps.maxSubscriptions) {
      const credentials = this.upgrade?.headers.cookie ?? this.upgrade?.headers.authorization;
      if (this.staff === undefined && credentials !== undefined) return "wait";
      const cap = this.staff ? this.deps.maxStaffSubscriptions : this.deps.maxSubscriptions;
      if (held >= cap) {
        const message = `Too many live subscriptions on one connection (at most ${cap}). Stop one before starting another.`;
        this.refuse(m, new TRPCError({ code: "TOO_MANY_REQUESTS", message }));
        return "served";
      }
    }
    if (feed && m.path === TRACKING_PATH) {
      // A malformed one is left to tRPC, which replies as it always does.
      const request = subscriptionInput(raw);
      if (request) {
        void feed.subscribe(this, m.id, request.input, { rateLimit: this.deps.rateLimit });
        return "served";
      }
    }
    this.trackTrpcSubscription(m.id, true);
    return "tRPC";
  }

  /** An error frame for the request, as tRPC would send it; the socket stays open. */
  private refuse(request: RequestHead, error: TRPCError) {
    const path = typeof request.path === "string" ? request.path : undefined;
    if (this.socket.readyState === 1)
      this.socket.send(errorMessage(request.id, error, { path, input: undefined, ctx: undefined }));
  }

  /**
   * Looks up whether the upgrade's credentials name a staff member (once per connection, and only
   * for one that reaches the lower cap), holding `messages` and every frame after them meanwhile.
   */
  private holdFor(messages: unknown[]) {
    this.held = [];
    const resume = (staff: boolean) => {
      this.staff = staff;
      const later = this.held ?? [];
      this.held = null;
      if (this.socket.readyState !== 1) return;
      this.handle(messages, null, false);
      for (const data of later) this.receive(data, false);
    };
    identityFromHeaders(this.upgrade?.headers ?? {}, { cookieAllowed: true }).then(
      (identity) => resume(identity !== null),
      () => resume(false),
    );
  }

  private toTrpc(data: RawData, isBinary: boolean) {
    if (!this.stand) {
      this.stand = new SocketStandIn(this);
      const { url, headers } = this.upgrade ?? { url: "/", headers: {} };
      const req = {
        url,
        method: "GET",
        headers,
        socket: { remoteAddress: this.ip },
      } as unknown as IncomingMessage;
      this.deps.trpc(this.stand as unknown as WebSocket, req);
    }
    this.stand.emit("message", data, isBinary);
  }

  /** Watches tRPC's replies for the end of its subscriptions (for the idle rule). */
  noteOutgoing(data: unknown) {
    if (!this.trpcSubs?.size) return;
    const ended = endedSubscription(data);
    if (ended !== null) this.trackTrpcSubscription(ended, false);
  }

  private trackTrpcSubscription(id: RequestId, open: boolean) {
    if (open) {
      this.trpcSubs ??= new Set();
      this.trpcSubs.add(id);
    } else this.trpcSubs?.delete(id);
    this.onSubscriptionsChanged();
  }
}

/** What tRPC's connection handler sees as the socket: the real one, minus the messages we served. */
class SocketStandIn extends EventEmitter {
  constructor(private readonly conn: Connection) {
    super();
  }
  get readyState() {
    return this.conn.socket.readyState;
  }
  send(data: string | Buffer, cb?: (err?: Error) => void) {
    this.conn.noteOutgoing(data);
    this.conn.socket.send(data, cb);
  }
  close(code?: number, reason?: string) {
    this.conn.socket.close(code, reason);
  }
  terminate() {
    this.conn.socket.terminate();
  }
}
