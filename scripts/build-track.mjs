// Builds the patient page's assets into public/patient/ (generated, not committed): its one script
// (components/track/client.ts, bundled and minified with esbuild) and its stylesheet (Tailwind over
// components/track/track.css, only the classes components/track/view.ts uses), both named by content
// hash, plus manifest.json, which app/track/[token]/route.ts reads to link the script and inline the
// CSS. Runs before `next build` (Next serves only the public files present when it builds) and
// before `npm run dev`.
import { createHash } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import tailwind from "@tailwindcss/postcss";
import { build } from "esbuild";

const root = path.resolve(import.meta.dirname, "..");
const out = path.join(root, "public/patient");
const hashed = (name, ext, text) =>
  `${name}.${createHash("sha256").update(text).digest("hex").slice(0, 12)}.${ext}`;

const started = Date.now();
const bundle = await build({
  entryPoints: [path.join(root, "components/track/client.ts")],
  bundle: true,
  minify: true,
  format: "iife",
  target: "es2020",
  write: false,
  legalComments: "none",
  logLevel: "warning",
});
const js = bundle.outputFiles[0].text;

// postcss is @tailwindcss/postcss's own dependency: resolve it from there.
const postcss = createRequire(createRequire(import.meta.url).resolve("@tailwindcss/postcss"))("postcss");
const from = path.join(root, "components/track/track.css");
// `base`: class detection scans only components/track (the page's markup is in view.ts).
const result = await postcss([tailwind({ base: path.dirname(from), optimize: { minify: true } })]).process(
  fs.readFileSync(from, "utf8"),
  { from },
);
const css = result.css;

fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out, { recursive: true });
const script = hashed("track", "js", js);
const style = hashed("track", "css", css);
fs.writeFileSync(path.join(out, script), js);
fs.writeFileSync(path.join(out, style), css);
fs.writeFileSync(path.join(out, "manifest.json"), `${JSON.stringify({ script, style }, null, 2)}\n`);
console.log(
  `patient page assets in public/patient (${Date.now() - started} ms): ${script} ${(js.length / 1024).toFixed(1)} KB, ${style} ${(css.length / 1024).toFixed(1)} KB`,
);
