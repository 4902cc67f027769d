// The one client per process: cached on globalThis, closable, and reopened on the next use.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { env } from "../env.ts";
import { closeDb, databaseKind, getDb, pingDb } from "./client.ts";

describe("database client", () => {
  it("is one instance per process, kept on globalThis", async () => {
    expect(databaseKind()).toBe(env().DATABASE_URL ? "postgres" : "embedded");
    const db = getDb();
    expect(getDb()).toBe(db);
    expect((globalThis as { __pqDb?: unknown }).__pqDb).toBe(db);
    expect(await pingDb()).toBe(true);
  });

  it("closes idempotently and opens again on the next use", async () => {
    const before = getDb();
    await Promise.all([closeDb(), closeDb()]);
    await closeDb();
    const after = getDb();
    expect(after).not.toBe(before);
    expect(await pingDb()).toBe(true);
    // The reopened client reads and writes: a row written through it comes back.
    const slug = `reopened-${randomBytes(4).toString("hex")}`;
    const created = await after.hospital.create({ data: { slug, name: "Reopened", timeZone: "UTC" } });
    expect(await getDb().hospital.findUnique({ where: { id: created.id }, select: { slug: true } })).toEqual({
      slug,
    });
  });
});
