// Test helper: server instances as real processes (instance-main.ts), sharing the test run's
// PostgreSQL database and JWT secret through the environment.
import { type ChildProcess, fork } from "node:child_process";
import path from "node:path";
import type { WebSocketOptions } from "../ws/ws-server.ts";
import type { InstanceOp } from "./instance-main.ts";

const ENTRY = path.join(import.meta.dirname, "instance-main.ts");

type Reply = { id: number; ok: boolean; result?: unknown; error?: string; at: number };

export type Instance = Awaited<ReturnType<typeof startInstance>>;

export async function startInstance(
  opts: {
    env?: Record<string, string | undefined>;
    ws?: WebSocketOptions;
    execArgv?: string[];
    entry?: string;
  } = {},
) {
  const child: ChildProcess = fork(opts.entry ?? ENTRY, [], {
    execArgv: ["--import", "tsx", ...(opts.execArgv ?? [])],
    env: { ...process.env, PORT: "0", ...opts.env, PQ_WS_OPTIONS: JSON.stringify(opts.ws ?? {}) },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const pending = new Map<number, (reply: Reply) => void>();
  let nextId = 1;
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("instance did not start in 30 s")), 30_000);
    child.on("message", (msg: { type?: string; port?: number } & Partial<Reply>) => {
      if (msg.type === "ready" && msg.port) {
        clearTimeout(timer);
        resolve(msg.port);
      } else if (typeof msg.id === "number") pending.get(msg.id)?.(msg as Reply);
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`instance exited with ${code} before it was ready`));
    });
  });
  const url = `http://127.0.0.1:${port}`;

  /** Runs an operation in the instance; resolves with its result and the time it answered. */
  async function call<T = unknown>(request: InstanceOp): Promise<{ result: T; at: number }> {
    const id = nextId++;
    const reply = await new Promise<Reply>((resolve) => {
      pending.set(id, resolve);
      child.send({ ...request, id });
    });
    pending.delete(id);
    if (!reply.ok) throw new Error(reply.error);
    return { result: reply.result as T, at: reply.at };
  }

  return {
    port,
    url,
    pid: child.pid,
    call,
    exited,
    /** Sends a signal; resolves with the exit code once the process is gone. */
    async kill(signal: NodeJS.Signals = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 8_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
