import fs from "node:fs";
import path from "node:path";
import { defineConfig } from "vitest/config";
import { testWorkerCount } from "./server/test/workers.ts";

const include = [
  "server/**/*.test.ts",
  "components/**/*.test.ts",
  "scripts/**/*.test.ts",
  "bench/**/*.test.ts",
];

/**
 * Test files that replace a module (`vi.mock`): the replacement only reaches modules loaded after it,
 * so such a file runs in a process of its own. Every other file shares its worker's process with the
 * files before it (no isolation: the server's modules load once per worker, not once per file), and
 * server/test/setup-file.ts gives each one a fresh start: the worker's environment back, a Redis
 * prefix of its own, every process-wide singleton forgotten.
 */
function filesReplacingModules(): string[] {
  const dirs = ["server", "components", "scripts", "bench"];
  const found: string[] = [];
  for (const dir of dirs)
    for (const file of fs.readdirSync(path.join(import.meta.dirname, dir), {
      recursive: true,
      encoding: "utf8",
    }))
      if (file.endsWith(".test.ts")) {
        const rel = path.join(dir, file);
        if (/\bvi\.(mock|doMock)\(/.test(fs.readFileSync(path.join(import.meta.dirname, rel), "utf8")))
          found.push(rel);
      }
  return found;
}
const isolated = filesReplacingModules();

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // Tests run server modules in plain Node, where the marker's default build throws: use the
      // build Next's server bundles get.
      "server-only": path.resolve(import.meta.dirname, "node_modules/server-only/empty.js"),
    },
  },
  test: {
    environment: "node",
    globalSetup: ["./server/test/global-setup.ts"],
    setupFiles: ["./server/test/setup-file.ts"],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Files run side by side, each worker on its own copy of the run's database and its own Redis key
    // prefix (server/test/global-setup.ts, workers.ts); PQ_TEST_WORKERS=1 runs them one at a time.
    maxWorkers: testWorkerCount(),
    projects: [
      { extends: true, test: { name: "shared", isolate: false, include, exclude: isolated } },
      { extends: true, test: { name: "isolated", isolate: true, include: isolated } },
    ],
  },
});
