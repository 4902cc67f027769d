// Reads Vitest's JSON report and accounts for the tests it skipped: prints how many (pending + todo)
// and their names, and fails each test that needs a service (server/test/needs.ts puts "[needs pg]",
// "[needs redis]" or "[needs redis-server]" in its title or its suite's) that was skipped although the
// service was configured: DATABASE_URL for pg, REDIS_URL for redis and redis-server (a run given a
// Redis has the redis-server binary too: .ci/run starts it when it is not running).
// Usage: node .ci/vitest-skips.mjs <vitest.json>   (with DATABASE_URL / REDIS_URL as the tests had them)
// Last line: "unexpected-skips N". Exits 1 when N > 0.
import fs from "node:fs";

const file = process.argv[2];
if (!file) {
  console.error("usage: node .ci/vitest-skips.mjs <vitest.json>");
  process.exit(2);
}
const report = JSON.parse(fs.readFileSync(file, "utf8"));

const configured = {
  pg: Boolean(process.env.DATABASE_URL),
  redis: Boolean(process.env.REDIS_URL),
  "redis-server": Boolean(process.env.REDIS_URL),
};
const SKIPPED = new Set(["skipped", "pending", "todo", "disabled"]);

const skipped = [];
for (const file of report.testResults ?? []) {
  for (const test of file.assertionResults ?? []) {
    if (!SKIPPED.has(test.status)) continue;
    const name = test.fullName || [...(test.ancestorTitles ?? []), test.title].join(" > ");
    const needs = [...name.matchAll(/\[needs ([a-z-]+)\]/g)].map((m) => m[1]);
    skipped.push({ name, status: test.status, needs });
  }
}

const count = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
console.log(
  `vitest skipped ${count} test(s) (pending ${report.numPendingTests ?? 0}, todo ${report.numTodoTests ?? 0})`,
);
for (const s of skipped) console.log(`  skipped (${s.status}): ${s.name}`);
if (skipped.length !== count)
  console.log(`  (the report lists ${skipped.length} skipped test(s) by name, its counters ${count})`);

const unknown = skipped.flatMap((s) => s.needs.filter((n) => !(n in configured)));
for (const n of new Set(unknown)) console.log(`FAIL unknown need "[needs ${n}]" (see server/test/needs.ts)`);
// A test is skipped when one of its needs is missing: skipped with every need configured is a failure.
const unexpected = skipped.filter((s) => s.needs.length > 0 && s.needs.every((n) => configured[n] !== false));
for (const s of unexpected) console.log(`FAIL skipped although ${s.needs.join(", ")} configured: ${s.name}`);
console.log(`unexpected-skips ${unexpected.length}`);
process.exit(unexpected.length > 0 ? 1 : 0);
