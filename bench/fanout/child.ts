// Bench helper: a forked process (node --import tsx, or plain node for a bundle) we talk to over IPC,
// failing fast if it exits.
import { type ChildProcess, fork } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
// @ts-expect-error: a plain ES module script without types (scripts/server-bundle.mjs)
import { bundleServer } from "../../scripts/server-bundle.mjs";

const root = path.resolve(import.meta.dirname, "../..");

export type Reply = {
  id?: number;
  type?: string;
  ok?: boolean;
  result?: unknown;
  at?: number;
  error?: string;
  [k: string]: unknown;
};

/**
 * `entry` (a server module) bundled as production bundles the server (scripts/server-bundle.mjs),
 * so a benchmark measures the code production runs: under tsx every closure created gets its name
 * set by a call (esbuild's keepNames), which the per-patient paths paid for (bench/fanout/README.md).
 * The bundle goes under dist/bench/, where node finds the npm packages it leaves out.
 */
export async function bundled(entry: string): Promise<string> {
  if (process.env.PQ_BENCH_TSX) return entry;
  const name = `${path.basename(path.dirname(entry))}-${path.basename(entry, ".ts")}-${process.pid}.mjs`;
  const outfile = path.join(root, "dist/bench", name);
  await bundleServer(path.relative(root, entry), outfile);
  process.once("exit", () => {
    for (const f of [outfile, `${outfile}.map`]) fs.rmSync(f, { force: true });
  });
  return outfile;
}

/** A forked process (a bundle under plain node, anything else under tsx) we talk to over IPC. */
export function child(entry: string, env: Record<string, string | undefined>, execArgv: string[] = []) {
  const proc: ChildProcess = fork(entry, [], {
    cwd: root,
    execArgv: entry.endsWith(".mjs") ? execArgv : ["--import", "tsx", ...execArgv],
    env: { ...process.env, ...env },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const waiting: ((msg: Reply) => boolean)[] = [];
  const failures = new Set<(err: Error) => void>();
  proc.on("message", (msg: Reply) => {
    const i = waiting.findIndex((w) => w(msg));
    if (i >= 0) waiting.splice(i, 1);
  });
  proc.on("exit", (code) => {
    for (const fail of failures) fail(new Error(`${path.basename(entry)} exited (${code})`));
  });
  const next = (match: (msg: Reply) => boolean, timeoutMs = 600_000) =>
    new Promise<Reply>((resolve, reject) => {
      const fail = (err: Error) => {
        clearTimeout(timer);
        failures.delete(fail);
        reject(err);
      };
      const timer = setTimeout(() => fail(new Error(`no answer from ${path.basename(entry)}`)), timeoutMs);
      failures.add(fail);
      waiting.push((msg) => {
        if (!match(msg)) return false;
        clearTimeout(timer);
        failures.delete(fail);
        resolve(msg);
        return true;
      });
    });
  let ids = 0;
  return {
    proc,
    next,
    send: (msg: unknown) => proc.send(msg as never),
    async call(msg: Record<string, unknown>) {
      const id = ++ids;
      const answer = next((m) => m.id === id);
      proc.send({ ...msg, id });
      const reply = await answer;
      if (!reply.ok) throw new Error(String(reply.error));
      return reply;
    },
    stop: async () => {
      if (proc.exitCode !== null) return;
      proc.kill("SIGTERM");
      await new Promise((r) => proc.once("exit", r));
    },
  };
}
