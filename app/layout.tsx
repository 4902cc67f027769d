import type { Metadata, Viewport } from "next";
import { CLOCK_META } from "@/components/business-time";
import { TRPCReactProvider } from "@/components/trpc";
import { now } from "@/server/clock";
import "./globals.css";

// Every page is rendered per request: its inline scripts carry the request's CSP nonce
// (server/http/security-headers.ts), which a page prerendered at build time could not.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "Patient Queue",
  description: "Live patient queue: your place in line and when you will be seen.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#0f5f8c" };

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <head>
        <meta name={CLOCK_META} content={String(now().getTime())} />
      </head>
      <body>
        <TRPCReactProvider>{children}</TRPCReactProvider>
      </body>
    </html>
  );
}
