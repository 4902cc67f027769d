// The WASM schema engine route: deploy on a fresh PostgreSQL database (created here, dropped after),
// idempotence, Prisma-compatible checksums, and `create` (throwaway database + diff).
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeNeeding } from "../test/needs.ts";
import { charAsBpchar } from "./client.ts";
import {
  createMigration,
  MIGRATIONS_DIR,
  migrateDeploy,
  migrationFolderName,
  SCHEMA_PATH,
} from "./migrations.ts";
import { createThrowawayDatabase, type ThrowawayDatabase } from "./throwaway-database.ts";

const baseUrl = process.env.PQ_TEST_BASE_DATABASE_URL ?? process.env.DATABASE_URL;

function committedMigrations(): string[] {
  return fs
    .readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

function tempCopyOfMigrations(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pq-migrations-"));
  fs.cpSync(MIGRATIONS_DIR, dir, { recursive: true });
  return dir;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe("charAsBpchar", () => {
  it('reports PostgreSQL\'s internal "char" (oid 18) as bpchar and leaves other types alone', () => {
    const result = { fields: [{ dataTypeID: 18 }, { dataTypeID: 25 }, { dataTypeID: 1042 }], rows: [] };
    expect(charAsBpchar(result).fields.map((f) => f.dataTypeID)).toEqual([1042, 25, 1042]);
    expect(charAsBpchar(undefined)).toBeUndefined();
  });
});

describe("migrationFolderName", () => {
  it("is <yyyyMMddHHmmss>_<name> in UTC with a safe name", () => {
    expect(migrationFolderName(" add waiting-room ", new Date("2026-03-04T05:06:07.890Z"))).toBe(
      "20260304050607_add_waiting_room",
    );
    expect(() => migrationFolderName("  ")).toThrow(/needs a name/);
  });
});

describeNeeding(["pg"], "migrations on PostgreSQL", () => {
  let db: ThrowawayDatabase | undefined;
  let url = "";
  const temps: string[] = [];

  beforeAll(async () => {
    db = await createThrowawayDatabase(baseUrl as string, "pq_migrate_test");
    url = db.url;
  });

  afterAll(async () => {
    await db?.drop();
    for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("applies every committed migration once, with Prisma's checksums", async () => {
    const first = await migrateDeploy(url);
    expect(first.applied).toEqual(committedMigrations());
    const second = await migrateDeploy(url);
    expect(second.applied).toEqual([]);

    const rows = await query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      url,
      'SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" ORDER BY migration_name',
    );
    expect(rows.map((r) => r.migration_name)).toEqual(committedMigrations());
    for (const row of rows) {
      const sql = fs.readFileSync(path.join(MIGRATIONS_DIR, row.migration_name, "migration.sql"));
      expect(row.checksum).toBe(createHash("sha256").update(sql).digest("hex"));
      expect(row.finished_at).not.toBeNull();
    }
    const tables = await query<{ tablename: string }>(
      url,
      "SELECT tablename FROM pg_tables WHERE schemaname = 'public'",
    );
    expect(tables.map((t) => t.tablename)).toEqual(
      expect.arrayContaining(["Hospital", "Appointment", "QueueDay", "StaffUser"]),
    );
  });

  it("finds no change between the committed history and prisma/schema.prisma", async () => {
    const dir = tempCopyOfMigrations();
    temps.push(dir);
    expect(await createMigration("nothing", { databaseUrl: url, migrationsDir: dir })).toBeNull();
    const shadows = await query(
      baseUrl as string,
      "SELECT datname FROM pg_database WHERE datname LIKE 'pq_shadow_%'",
    );
    expect(shadows).toEqual([]);
  });

  it("creates the next migration from a schema change, and it deploys", async () => {
    const dir = tempCopyOfMigrations();
    const schemaDir = fs.mkdtempSync(path.join(os.tmpdir(), "pq-schema-"));
    temps.push(dir, schemaDir);
    const schemaPath = path.join(schemaDir, "schema.prisma");
    fs.writeFileSync(
      schemaPath,
      `${fs.readFileSync(SCHEMA_PATH, "utf8")}\nmodel Extra {\n  id String @id\n  note String?\n}\n`,
    );

    const created = await createMigration("add extra", { databaseUrl: url, migrationsDir: dir, schemaPath });
    expect(created?.folder).toMatch(/^\d{14}_add_extra$/);
    expect(created?.sql).toContain('CREATE TABLE "Extra"');
    expect(fs.readFileSync(path.join(dir, "migration_lock.toml"), "utf8")).toContain(
      'provider = "postgresql"',
    );

    const deployed = await migrateDeploy(url, { migrationsDir: dir, schemaPath });
    expect(deployed.applied).toEqual([created?.folder]);
    expect(await query(url, 'SELECT count(*)::int AS n FROM "Extra"')).toEqual([{ n: 0 }]);
  });
});

describe("create on a throwaway embedded database", () => {
  it("finds no change between the committed history and prisma/schema.prisma", async () => {
    const dir = tempCopyOfMigrations();
    try {
      expect(await createMigration("nothing", { databaseUrl: null, migrationsDir: dir })).toBeNull();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
