import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";

const config: NextConfig = {
  // PGlite loads its .wasm from its own package path: bundling it breaks that path.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "ioredis", "ws"],
  poweredByHeader: false,
  reactStrictMode: true,
  // `npm run typecheck` (tsc over the whole project) runs in CI; the build need not repeat it.
  typescript: { ignoreBuildErrors: true },
};

// The patient page's languages, without locale routing: the locale comes from a cookie or the
// browser (components/i18n/request.ts). Messages are compiled at build time, so the patient's
// phone gets no ICU message parser (part of the page's JavaScript budget).
const withNextIntl = createNextIntlPlugin({
  requestConfig: "./components/i18n/request.ts",
  experimental: {
    messages: { path: "./components/i18n/messages", format: "json", locales: "infer", precompile: true },
  },
});
export default withNextIntl(config);
