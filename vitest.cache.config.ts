// Cache, Redis and event-bus tests alone: no database, no global setup.
// REDIS_URL=redis://127.0.0.1:6379 npx vitest run --config vitest.cache.config.ts
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["server/cache/**/*.test.ts", "server/realtime/bus*.test.ts", "server/redis.test.ts"],
    environment: "node",
    testTimeout: 30_000,
  },
});
