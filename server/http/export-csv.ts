// GET /api/stats/export.csv: the appointments export as a file. The caller is resolved exactly as a
// tRPC call's (createContext: bearer token or session cookie, with its cookie and origin rules) and
// runs the `stats.export` procedure, so roles, scopes and hospital scoping are that procedure's.
import type http from "node:http";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { ZodError } from "zod";
import { createContext } from "../trpc/context.ts";
import { reasonOf } from "../trpc/errors.ts";
import { appRouter } from "../trpc/root.ts";
import { sendJson } from "./send.ts";

export const EXPORT_CSV_PATH = "/api/stats/export.csv";

/** The first problem in words: a zod refusal names its field's message, anything else its own. */
function messageOf(error: TRPCError): string {
  const issue = error.cause instanceof ZodError ? error.cause.issues[0] : undefined;
  return issue ? issue.message : error.message;
}

export async function serveExportCsv(req: http.IncomingMessage, res: http.ServerResponse) {
  if (req.method !== "GET" && req.method !== "HEAD") {
    sendJson(
      res,
      405,
      { success: false, error: { code: "METHOD_NOT_SUPPORTED", message: "Use GET." } },
      { Allow: "GET" },
    );
    return;
  }
  const query = new URL(req.url ?? "/", "http://local").searchParams;
  const input = {
    from: query.get("from") ?? "",
    to: query.get("to") ?? "",
    ...(query.get("doctorId") ? { doctorId: query.get("doctorId")! } : {}),
  };
  try {
    const caller = appRouter.createCaller(await createContext({ req, res }));
    const { filename, csv } = await caller.stats.export(input);
    const body = Buffer.from(csv, "utf8");
    res.writeHead(200, {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Content-Length": body.length,
      "Cache-Control": "no-store",
    });
    res.end(req.method === "HEAD" ? undefined : body);
  } catch (err) {
    const error =
      err instanceof TRPCError ? err : new TRPCError({ code: "INTERNAL_SERVER_ERROR", cause: err });
    if (error.code === "INTERNAL_SERVER_ERROR") throw err;
    sendJson(res, getHTTPStatusCodeFromError(error), {
      success: false,
      error: { code: reasonOf(error), message: messageOf(error) },
    });
  }
}
