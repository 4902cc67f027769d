// Bundles the custom server (server/main.ts and everything it imports except npm packages) into
// dist/server.mjs, so production runs with plain node: ready in about a second.
import { build } from "esbuild";

await build({
  entryPoints: ["server/main.ts"],
  outfile: "dist/server.mjs",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
  // Shim the CommonJS globals that the generated Prisma client and some packages expect.
  banner: {
    js: "import { createRequire as __pqRequire } from 'node:module'; import { fileURLToPath as __pqPath } from 'node:url'; const require = __pqRequire(import.meta.url); const __filename = __pqPath(import.meta.url); const __dirname = __pqPath(new URL('.', import.meta.url));",
  },
});
console.log("server bundled to dist/server.mjs");
