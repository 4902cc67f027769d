// How the custom server is bundled for production (esbuild: everything under server/ in one ES
// module, npm packages left to node_modules). Used by build-server.mjs for dist/server.mjs and by
// the benchmarks, so they measure the code production runs (plain node, no tsx: tsx keeps function
// names with a call per closure created, which the hot paths pay for).
import { build } from "esbuild";

/** Bundles `entry` (a path from the repository root) into `outfile`. */
export async function bundleServer(entry, outfile) {
  await build({
    entryPoints: [entry],
    outfile,
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
}
