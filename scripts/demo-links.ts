// `npm run demo:links`: today's tracking links of the demo hospital, one per line. While the server
// runs it holds the embedded database (one process per data directory: a second one corrupts it),
// so ask the server first and open the database only when nothing is listening.
import fs from "node:fs";
import { closeDb, databaseKind, pgliteDir } from "../server/db/client.ts";
import { env } from "../server/env.ts";
import { demoTrackingLinks } from "../server/services/demo.ts";

type Answer = { kind: "links"; links: string[] } | { kind: "refused" } | { kind: "other"; detail: string };

function urlOf(link: unknown): string | undefined {
  if (typeof link === "string") return link;
  if (link && typeof link === "object" && typeof (link as { url?: unknown }).url === "string")
    return (link as { url: string }).url;
  return undefined;
}

async function askServer(base: string): Promise<Answer> {
  try {
    const res = await fetch(`${base.replace(/\/$/, "")}/api/demo/links`, {
      signal: AbortSignal.timeout(3_000),
    });
    if (!res.ok) return { kind: "other", detail: `${base} answered ${res.status}` };
    const body = (await res.json()) as { links?: unknown[] };
    return { kind: "links", links: (body.links ?? []).map(urlOf).filter((u): u is string => !!u) };
  } catch (err) {
    const code = (err as { cause?: { code?: string } }).cause?.code;
    if (code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "EAI_AGAIN") return { kind: "refused" };
    return { kind: "other", detail: `${base}: ${code ?? (err as Error).name}` };
  }
}

async function main(): Promise<number> {
  const config = env();
  const bases = [...new Set([config.PUBLIC_URL, `http://127.0.0.1:${config.PORT}`])];
  const problems: string[] = [];
  for (const base of bases) {
    const answer = await askServer(base);
    if (answer.kind === "links") return print(answer.links, `the running server at ${base}`);
    if (answer.kind === "other") problems.push(answer.detail);
  }
  if (databaseKind() === "embedded") {
    // Something answered (or hung) but gave no links: it may be our server holding the database.
    if (problems.length > 0) {
      console.error(
        `[demo:links] the server seems to be running but gave no links (${problems.join("; ")}).`,
      );
      console.error(
        "[demo:links] not opening the embedded database while it may be in use: stop the server or retry.",
      );
      return 1;
    }
    if (!fs.existsSync(pgliteDir())) {
      console.error(
        "[demo:links] no embedded database yet: run `npm start` (or `npm run db:migrate && npm run db:seed`).",
      );
      return 1;
    }
  }
  return print(
    (await demoTrackingLinks()).map((l) => l.url),
    databaseKind() === "embedded" ? "the embedded database" : "PostgreSQL",
  );
}

function print(links: string[], source: string): number {
  console.error(`[demo:links] ${links.length} open appointment(s) today, from ${source}`);
  if (links.length === 0)
    console.error(
      "[demo:links] no open appointments today for the demo hospital (seed it with `npm run db:seed`).",
    );
  for (const link of links) console.log(link);
  return 0;
}

main()
  .then(async (code) => {
    await closeDb();
    process.exit(code);
  })
  .catch(async (err) => {
    console.error("[demo:links] failed:", err instanceof Error ? err.message : err);
    await closeDb().catch(() => {});
    process.exit(1);
  });
