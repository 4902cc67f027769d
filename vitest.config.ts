import path from "node:path";
import { defineConfig } from "vitest/config";
import { testWorkerCount } from "./server/test/workers.ts";

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
    include: ["server/**/*.test.ts", "components/**/*.test.ts", "scripts/**/*.test.ts", "bench/**/*.test.ts"],
    environment: "node",
    globalSetup: ["./server/test/global-setup.ts"],
    setupFiles: ["./server/test/setup-file.ts"],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Files run side by side, each worker on its own copy of the run's database and its own Redis key
    // prefix (server/test/global-setup.ts, workers.ts); PQ_TEST_WORKERS=1 runs them one at a time.
    maxWorkers: testWorkerCount(),
  },
});
