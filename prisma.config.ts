// Prisma CLI configuration. Only `generate`, `validate` and `format` are used through the CLI:
// migrations run through scripts/migrate.ts (the WASM schema engine), because the native schema
// engine cannot be downloaded on our machines. The stub below satisfies the CLI's existence check.
import path from "node:path";
import { defineConfig } from "prisma/config";

process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.resolve("scripts/schema-engine-stub.sh");
process.env.CHECKPOINT_DISABLE ??= "1";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations", seed: "node --import tsx prisma/seed.ts" },
  datasource: { url: process.env.DATABASE_URL ?? "" },
});
