// One WebSocket connection. Patient subscriptions (tracking.onUpdate) go to the fan-out fast path;
// every other message goes to tRPC's own connection handler, created only when first needed (a
// patient's phone never pays for it) and fed through a stand-in for the socket. Per-connection state
// is kept small (no upgrade request, shared listener functions): there may be tens of thousands.
import { EventEmitter } from "node:events";
import type { IncomingMessage } from "node:http";
import type { getWSConnectionHandler } from "@trpc/server/adapters/ws";
import { parseTRPCMessage } from "@trpc/server/rpc";
import type { RawData, WebSocket } from "ws";
import { clientIp } from "../trpc/context.ts";
import { appRouter } from "../trpc/root.ts";
import { type FeedClient, type FeedSub, TRACKING_PATH, type TrackingFeed } from "./tracking-feed.ts";
import type { RequestId } from "./wire.ts";

type TrpcConnectionHandler = ReturnType<typeof getWSConnectionHandler>;

export type ConnectionDeps = {
  feed: TrackingFeed | null;
  trpc: TrpcConnectionHandler;
  onClose(conn: Connection): void;
  onError(): void;
};

/**
 * What tRPC's createContext and handler read of the upgrade request, kept instead of the request;
 * only for connections that bring credentials or a query (a patient's phone brings neither).
 */
type Upgrade = { url: string; headers: { host?: string; cookie?: string; authorization?: string } };

const transformer = appRouter._def._config.transformer;
const isRequestId = (id: unknown): id is RequestId => typeof id === "number" || typeof id === "string";
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
    this.trpcOnly = !deps.feed || url.includes("connectionParams=1");
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
    if (this.trpcOnly || isBinary) {
      this.toTrpc(data, isBinary);
      return;
    }
    const text = data.toString();
    if (text === "PING") {
      this.socket.send("PONG");
      return;
    }
    if (text === "PONG") return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      this.toTrpc(data, false); // tRPC answers with its PARSE_ERROR
      return;
    }
    const messages = Array.isArray(parsed) ? parsed : [parsed];
    const rest = messages.filter((m) => !this.handleFast(m));
    if (rest.length === messages.length) this.toTrpc(data, false);
    else if (rest.length > 0)
      this.toTrpc(Buffer.from(JSON.stringify(rest.length === 1 ? rest[0] : rest)), false);
  }

  /** Takes tracking.onUpdate subscriptions and their stops; false for anything else. */
  private handleFast(raw: unknown): boolean {
    const feed = this.deps.feed;
    if (!feed || typeof raw !== "object" || raw === null) return false;
    const m = raw as { id?: unknown; method?: unknown; params?: { path?: unknown } };
    if (!isRequestId(m.id)) return false;
    if (m.method === "subscription.stop") return feed.unsubscribe(this, m.id);
    if (m.method !== "subscription" || m.params?.path !== TRACKING_PATH) {
      if (m.method === "subscription") this.trackTrpcSubscription(m.id, true);
      return false;
    }
    let message: ReturnType<typeof parseTRPCMessage>;
    try {
      message = parseTRPCMessage(raw, transformer);
    } catch {
      return false; // malformed: tRPC replies as it always does
    }
    if (message.method !== "subscription") return false;
    void feed.subscribe(this, m.id, message.params.input, message.params.lastEventId);
    return true;
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
    if (this.trpcOnly && !isBinary) this.noteIncoming(data.toString());
    this.stand.emit("message", data, isBinary);
  }

  private noteIncoming(text: string) {
    try {
      const parsed: unknown = JSON.parse(text);
      for (const m of Array.isArray(parsed) ? parsed : [parsed]) {
        if (m?.method === "subscription" && isRequestId(m.id)) this.trackTrpcSubscription(m.id, true);
      }
    } catch {
      // not ours to judge
    }
  }

  /** Watches tRPC's replies for the end of its subscriptions (for the idle rule). */
  noteOutgoing(data: unknown) {
    if (!this.trpcSubs?.size || typeof data !== "string") return;
    if (!data.includes('"stopped"') && !data.includes('"error"')) return;
    try {
      const parsed = JSON.parse(data) as { id?: unknown; error?: unknown; result?: { type?: string } };
      if (isRequestId(parsed.id) && (parsed.error !== undefined || parsed.result?.type === "stopped"))
        this.trackTrpcSubscription(parsed.id, false);
    } catch {
      // not a reply
    }
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
