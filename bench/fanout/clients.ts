// The bench's phones, in a process of their own (forked by main.ts): N WebSocket clients that either
// subscribe to tracking.onUpdate over the tRPC wire protocol (as wsLink does) or just listen to a
// bare `ws` server. Every message is stamped on arrival, then parsed for its version. The bare server
// sends a copy of a real message of the app's (the first one received: `sample`), so both sides'
// clients parse the same structure and the client process's own work weighs the same on both.
import WebSocket from "ws";

type Command =
  | { type: "init"; size: number }
  | { type: "open"; url: string; mode: "trpc" | "bare"; tokens: string[]; from: number; concurrency: number }
  | { type: "expect"; version: number; at: number; timeoutMs: number }
  | { type: "close"; from: number };

const now = () => performance.timeOrigin + performance.now();
const reply = (msg: unknown) => process.send?.(msg);

const sockets: WebSocket[] = [];
let versions = new Float64Array(0);
let arrivals = new Float64Array(0);
let bytes = 0;
let messages = 0;
let errors: string[] = [];
let sample: string | null = null;

function versionOf(data: string): number | null {
  const m = JSON.parse(data);
  if (m.error) {
    if (errors.length < 5) errors.push(JSON.stringify(m.error).slice(0, 300));
    return null;
  }
  return m.result?.type === "data" ? Number.parseInt(String(m.result.id), 10) : null;
}

/** Sockets [from, from + tokens.length) are opened; the others are left as they are. */
async function open(cmd: Extract<Command, { type: "open" }>) {
  const n = cmd.tokens.length;
  bytes = 0;
  messages = 0;
  errors = [];
  let next = 0;
  let first = 0;
  let failed = 0;
  const allReady = new Promise<void>((resolve) => {
    const openOne = () => {
      const k = next++;
      if (k >= n) return;
      const i = cmd.from + k;
      versions[i] = -1;
      const socket = new WebSocket(cmd.url, { perMessageDeflate: false });
      sockets[i] = socket;
      let counted = false;
      const ready = () => {
        if (counted) return;
        counted = true;
        if (++first + failed === n) resolve();
        openOne();
      };
      socket.on("open", () => {
        if (cmd.mode === "trpc")
          socket.send(
            JSON.stringify({
              id: 1,
              method: "subscription",
              params: {
                path: "tracking.onUpdate",
                input: { json: { token: cmd.tokens[k], lastEventId: null } },
              },
            }),
          );
      });
      socket.on("message", (raw) => {
        const at = now();
        const data = raw.toString();
        const version = versionOf(data);
        if (version === null) return;
        if (cmd.mode === "trpc") sample ??= data;
        versions[i] = version;
        arrivals[i] = at;
        bytes += data.length;
        messages++;
        ready();
      });
      socket.on("error", (err) => {
        if (errors.length < 5) errors.push(err.message);
      });
      socket.on("close", () => {
        if (!counted) {
          failed++;
          counted = true;
          if (first + failed === n) resolve();
          openOne();
        }
      });
    };
    for (let k = 0; k < cmd.concurrency; k++) openOne();
  });
  await allReady;
  reply({
    type: "opened",
    ready: first,
    failed,
    avgBytes: messages ? bytes / messages : 0,
    sample,
    errors,
  });
}

async function expectVersion(cmd: Extract<Command, { type: "expect" }>) {
  const deadline = Date.now() + cmd.timeoutMs;
  const all = () => {
    for (let i = 0; i < sockets.length; i++) if (versions[i]! < cmd.version) return false;
    return true;
  };
  while (!all() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  let missing = 0;
  const arrivedAt: number[] = [];
  for (let i = 0; i < sockets.length; i++) {
    if (versions[i]! >= cmd.version) arrivedAt.push(arrivals[i]!);
    else missing++;
  }
  reply({ type: "result", version: cmd.version, arrivedAt, missing, errors });
}

/** Closes sockets [from, end) and forgets them. */
async function closeFrom(from: number) {
  await Promise.all(
    sockets.slice(from).map(
      (s) =>
        new Promise<void>((resolve) => {
          if (!s || s.readyState === WebSocket.CLOSED) return resolve();
          s.once("close", () => resolve());
          s.terminate();
        }),
    ),
  );
  sockets.length = from;
  reply({ type: "closed" });
}

process.on("message", (cmd: Command) => {
  if (cmd.type === "init") {
    versions = new Float64Array(cmd.size).fill(-1);
    arrivals = new Float64Array(cmd.size);
  } else if (cmd.type === "open") void open(cmd);
  else if (cmd.type === "expect") void expectVersion(cmd);
  else void closeFrom(cmd.from);
});
process.on("disconnect", () => process.exit(0));
