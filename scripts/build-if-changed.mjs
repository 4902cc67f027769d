// `npm start` builds only when what the build reads changed since the last build: a hash of those
// files' contents (not their times: a fresh checkout touches every file) is kept beside the output.
// `--force` builds anyway. The build itself is `npm run build`.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const ROOT = process.cwd();
const STAMP = path.join(ROOT, "dist", ".build-hash");
/** What the build reads: sources, public files, the schema and the build's own configuration. */
const INPUTS = [
  "app",
  "components",
  "server",
  "public",
  "prisma/schema.prisma",
  "scripts/build-track.mjs",
  "scripts/build-server.mjs",
  "scripts/server-bundle.mjs",
  "next.config.ts",
  "postcss.config.mjs",
  "tsconfig.json",
  "package.json",
  "package-lock.json",
];
/** Never part of the build: tests, generated output the build writes itself. */
const SKIP = /(\.test\.tsx?$|\/test\/|\/testing\/|^public\/patient\/|^server\/db\/generated\/)/;

function files(entry) {
  const full = path.join(ROOT, entry);
  if (!fs.existsSync(full)) return [];
  if (fs.statSync(full).isFile()) return [entry];
  return fs
    .readdirSync(full, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((d) => files(path.posix.join(entry, d.name)));
}

function sourceHash() {
  const hash = createHash("sha256");
  for (const file of INPUTS.flatMap(files)) {
    if (SKIP.test(file)) continue;
    hash
      .update(file)
      .update("\0")
      .update(fs.readFileSync(path.join(ROOT, file)))
      .update("\0");
  }
  return hash.digest("hex");
}

const built = [".next/BUILD_ID", "dist/server.mjs"].every((f) => fs.existsSync(path.join(ROOT, f)));
const current = sourceHash();
const previous = fs.existsSync(STAMP) ? fs.readFileSync(STAMP, "utf8").trim() : "";
if (built && previous === current && !process.argv.includes("--force")) {
  console.info("[build] sources unchanged since the last build: not rebuilding (npm run build forces it)");
  process.exit(0);
}
const result = spawnSync("npm", ["run", "build"], { stdio: "inherit" });
if (result.status !== 0) process.exit(result.status ?? 1);
fs.writeFileSync(STAMP, `${current}\n`);
