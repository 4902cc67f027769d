// Bundles the custom server (server/main.ts and everything it imports except npm packages) into
// dist/server.mjs, so production runs with plain node: ready in about a second.
import { bundleServer } from "./server-bundle.mjs";

await bundleServer("server/main.ts", "dist/server.mjs");
console.log("server bundled to dist/server.mjs");
