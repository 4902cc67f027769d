// The pure domain suite alone: no database, no global setup.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["server/domain/**/*.test.ts"],
    environment: "node",
  },
});
