// `npm run db:migrate` (deploy) and `npm run db:migration -- <name>` (create): against PostgreSQL when
// DATABASE_URL is set, else the embedded database in DATA_DIR/pglite (stop the server first: one
// process per data directory). See server/db/migrations.ts.
import { closeDb, databaseKind } from "../server/db/client.ts";
import { createMigration, migrateDeploy } from "../server/db/migrations.ts";

async function main(): Promise<number> {
  const [command, ...rest] = process.argv.slice(2);
  const started = Date.now();
  const where = databaseKind() === "embedded" ? "embedded database" : "PostgreSQL";
  if (command === "deploy") {
    const { applied } = await migrateDeploy();
    if (applied.length === 0)
      console.info(`[migrate] ${where}: up to date, nothing to apply (${Date.now() - started} ms)`);
    else console.info(`[migrate] ${where}: applied ${applied.join(", ")} (${Date.now() - started} ms)`);
    return 0;
  }
  if (command === "create") {
    const name = rest.join(" ");
    const created = await createMigration(name);
    if (!created)
      console.info("[migrate] prisma/schema.prisma matches the migration history: no migration created");
    else
      console.info(
        `[migrate] created ${created.file}\n[migrate] review it, then apply with: npm run db:migrate`,
      );
    return 0;
  }
  console.error("usage: node --import tsx scripts/migrate.ts deploy | create <name>");
  return 2;
}

// The process exits explicitly: the engine and the pool can keep timers alive after the work is done.
main()
  .then(async (code) => {
    await closeDb();
    process.exit(code);
  })
  .catch(async (err) => {
    console.error(`[migrate] failed: ${err instanceof Error ? err.message : String(err)}`);
    if (process.env.PQ_MIGRATE_DEBUG && err instanceof Error) console.error(err.stack);
    await closeDb().catch(() => {});
    process.exit(1);
  });
