// Run by `npm start` before the server (never while it runs: one process per embedded data
// directory). Applies pending migrations; on the embedded database also seeds the demo hospital
// when it is missing (or with --seed, as the e2e suite asks). With DATABASE_URL the data is the
// operator's: migrate only. PQ_DEMO=false never seeds: an empty database stays empty, and the
// server leads to /setup (a real clinic's first run).

import { seedDemo } from "../prisma/seed.ts";
import { startConfiguredClock } from "../server/clock-start.ts";
import { closeDb, databaseKind, getDb } from "../server/db/client.ts";
import { migrateDeploy } from "../server/db/migrations.ts";
import { env } from "../server/env.ts";

async function main() {
  startConfiguredClock();
  const started = Date.now();
  const kind = databaseKind();
  const { applied } = await migrateDeploy();
  console.info(
    `[prepare-db] ${kind === "embedded" ? "embedded database" : "PostgreSQL"}: ${
      applied.length ? `applied ${applied.join(", ")}` : "migrations up to date"
    } (${Date.now() - started} ms)`,
  );
  if (!env().PQ_DEMO) {
    console.info("[prepare-db] PQ_DEMO=false: no demo data (an empty database leads to /setup)");
  } else if (kind === "embedded" || process.argv.includes("--seed")) {
    const seeded = await seedDemo(getDb());
    if (!seeded) console.info("[prepare-db] demo hospital present");
  }
}

// Exit explicitly: the schema engine and the pool can keep timers alive after the work is done.
main()
  .then(async () => {
    await closeDb();
    process.exit(0);
  })
  .catch(async (err) => {
    console.error("[prepare-db] failed:", err instanceof Error ? err.message : err);
    await closeDb().catch(() => {});
    process.exit(1);
  });
