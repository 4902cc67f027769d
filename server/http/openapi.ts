// The seed's REST paths, served by trpc-to-openapi from the same tRPC procedures (each carries
// `meta.openapi`). Bodies are wrapped in the seed's envelope: { success: true, data } or
// { success: false, error: { code, message } }, where `code` is the error's reason
// (server/trpc/errors.ts).
import type http from "node:http";
import { createOpenApiFetchHandler, generateOpenApiDocument } from "trpc-to-openapi";
import { REASONS, statusOf } from "../domain/errors.ts";
import { env } from "../env.ts";
import { errorField, log } from "../log.ts";
import { createContext } from "../trpc/context.ts";
import { retryAfterOf } from "../trpc/errors.ts";
import { appRouter } from "../trpc/root.ts";
import { EXPORT_CSV_PATH } from "./export-csv.ts";
import { sendJson } from "./send.ts";

const MAX_BODY_BYTES = 64 * 1024;

class BodyTooLarge extends Error {}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * The URL with query parameters named like Object.prototype members (`valueOf`, `__proto__`...)
 * left out: trpc-to-openapi collects the query into a plain object and throws on them (a 500).
 * No input has such a field, and unknown fields are dropped by the schemas anyway.
 */
function withoutPrototypeKeys(path: string): string {
  const url = new URL(`http://localhost${path}`);
  const bad = [...url.searchParams.keys()].filter((key) => key in Object.prototype);
  for (const key of bad) url.searchParams.delete(key);
  return bad.length ? url.toString() : `http://localhost${path}`;
}

export async function handleOpenApi(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const method = req.method ?? "GET";
  let body: string | undefined;
  if (method !== "GET" && method !== "HEAD") {
    try {
      body = await readBody(req);
    } catch (err) {
      if (!(err instanceof BodyTooLarge)) throw err;
      sendJson(res, 413, {
        success: false,
        error: { code: "PAYLOAD_TOO_LARGE", message: "The request body is too large." },
      });
      return;
    }
    // An empty POST body is an empty object (the seed posts `{}` or nothing).
    if (body.trim() === "") body = "{}";
  }
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
  if (body !== undefined && !headers.get("content-type")) headers.set("content-type", "application/json");
  let retryAfter: number | null = null;
  const response = await createOpenApiFetchHandler({
    endpoint: "/api",
    req: new Request(withoutPrototypeKeys(req.url ?? "/"), { method, headers, body }),
    router: appRouter,
    createContext: () => createContext({ req, res }),
    responseMeta: ({ errors }) => {
      retryAfter = errors.map(retryAfterOf).find((s) => s !== null) ?? null;
      return {};
    },
    onError: ({ error, path }) => {
      if (error.code === "INTERNAL_SERVER_ERROR")
        log.error({ ...errorField(error.cause ?? error), procedure: path ?? "?" }, "rest procedure failed");
    },
  });
  // The body is the router's error shape (its errorFormatter's `data.reason`) plus code and issues.
  const json = (await response.json().catch(() => null)) as {
    code?: string;
    message?: string;
    issues?: unknown;
    data?: { reason?: string };
  } | null;
  const extra: Record<string, string> = retryAfter ? { "Retry-After": String(retryAfter) } : {};
  if (response.status < 400) {
    sendJson(res, response.status, { success: true, data: json }, extra);
    return;
  }
  const status = response.status;
  const message = status >= 500 ? "Something went wrong on our side." : (json?.message ?? "Request failed.");
  const code = json?.data?.reason ?? json?.code ?? "INTERNAL_SERVER_ERROR";
  sendJson(
    res,
    status,
    { success: false, error: { code, message, ...(json?.issues ? { issues: json.issues } : {}) } },
    extra,
  );
}

type OpenApiDocument = ReturnType<typeof generateOpenApiDocument>;
let document: OpenApiDocument | null = null;

/** GET /api/openapi.json: generated from the procedures' zod schemas. */
export function openApiDocument() {
  document ??= withErrorReasons(
    generateOpenApiDocument(appRouter, {
      title: "patient-queue API",
      description:
        "Live patient queue. Every response is wrapped: { success: true, data } or { success: false, error: { code, message } }, where code is the reason to switch on (schema ErrorReason). Staff calls need a session cookie or `Authorization: Bearer <API token>`.",
      version: process.env.npm_package_version ?? "0.1.0",
      baseUrl: `${env().PUBLIC_URL.replace(/\/$/, "")}/api`,
      securitySchemes: { bearer: { type: "http", scheme: "bearer" } },
    }),
  );
  return withExportCsvPath(withCalendarPath(document));
}

/**
 * The appointments export as a CSV file: a plain route (server/http/export-csv.ts) running the
 * stats.export procedure, described here with its query and its text/csv answer.
 */
function withExportCsvPath(doc: OpenApiDocument): OpenApiDocument {
  const paths = (doc.paths ?? {}) as Record<string, unknown>;
  const path = EXPORT_CSV_PATH.replace(/^\/api/, "");
  if (paths[path]) return doc;
  const date = (name: string, description: string) => ({
    name,
    in: "query",
    required: true,
    description,
    schema: { type: "string", format: "date", pattern: "^\\d{4}-\\d{2}-\\d{2}$" },
  });
  paths[path] = {
    get: {
      operationId: "stats-export-csv",
      summary: "Export a period's appointments as a CSV file",
      description:
        "RFC 4180 (CRLF line ends, quoted fields), a header row then one row per appointment scheduled in the period (hospital-local dates, at most 366 days): date, time, doctor, ticket, patient, phone, status, priority, source, paid, booked at, checked in, called, started, ended, waited minutes, consultation minutes, note. Cells that a spreadsheet would read as a formula start with a quote. Admins and reception: every doctor, or the one named; a doctor: only their own.",
      tags: ["statistics"],
      security: [{ bearer: [] }],
      parameters: [
        date("from", "First day, YYYY-MM-DD (hospital-local)"),
        date("to", "Last day, YYYY-MM-DD (hospital-local), not before from"),
        {
          name: "doctorId",
          in: "query",
          required: false,
          description: "One doctor; every doctor the caller may read when left out",
          schema: { type: "string" },
        },
      ],
      responses: {
        "200": {
          description: "The file (Content-Disposition: attachment; filename=appointments-FROM-TO.csv)",
          content: { "text/csv": { schema: { type: "string" } } },
        },
        "400": refusal("BAD_REQUEST", "A bad or too long period"),
        "401": refusal("UNAUTHORIZED", "No session or API token"),
        "403": refusal("FORBIDDEN", "The role may not export, or a doctor asked for another doctor"),
        "404": refusal("NOT_FOUND", "No such doctor in this hospital"),
      },
    },
  };
  doc.paths = paths as OpenApiDocument["paths"];
  return doc;
}

/** A refusal of a plain route, as the envelope of its status's `error.<STATUS>` schema. */
const refusal = (status: string, description: string) => ({
  description,
  content: { "application/json": { schema: { $ref: `#/components/schemas/error.${status}` } } },
});

/** The tracking link's calendar file: a plain route (server/http/track-calendar.ts), described here. */
function withCalendarPath(doc: OpenApiDocument): OpenApiDocument {
  const paths = (doc.paths ?? {}) as Record<string, unknown>;
  const path = "/appointments/track/{token}/calendar.ics";
  if (paths[path]) return doc;
  paths[path] = {
    get: {
      operationId: "tracking-calendar",
      summary: "The appointment as a calendar file (Add to calendar)",
      description:
        "One VEVENT (RFC 5545): start and end in UTC (the consultation length), the doctor, the clinic's address and the tracking link. Takes the tracking read limits.",
      tags: ["tracking"],
      parameters: [{ name: "token", in: "path", required: true, schema: { type: "string" } }],
      responses: {
        "200": {
          description: "The calendar file",
          content: { "text/calendar": { schema: { type: "string" } } },
        },
        "400": refusal("BAD_REQUEST", "A bad, expired or replaced link"),
        "404": refusal("NOT_FOUND", "No such appointment"),
        "429": { description: "Too many requests (see Retry-After)" },
      },
    },
  };
  doc.paths = paths as OpenApiDocument["paths"];
  return doc;
}

type Schema = Record<string, unknown>;

/**
 * The generator describes an error as tRPC's { message, code, issues }; what is sent is the envelope
 * whose `error.code` is the reason. Each `error.<STATUS>` schema becomes that envelope, its code
 * listing the reasons of that status (and the status's own name, for errors no finer reason explains).
 */
function withErrorReasons(doc: OpenApiDocument): OpenApiDocument {
  const schemas = (doc.components?.schemas ?? {}) as Record<string, Schema>;
  for (const [name, generated] of Object.entries(schemas)) {
    if (!name.startsWith("error.")) continue;
    const status = name.slice("error.".length);
    const codes = [...new Set([...REASONS.filter((r) => statusOf(r) === status), status])];
    const example = generated.example as { message?: string } | undefined;
    schemas[name] = {
      type: "object",
      title: generated.title,
      description: `A refusal (${status}): its reason in error.code, a message for people in error.message.`,
      properties: {
        success: { type: "boolean", enum: [false] },
        error: {
          type: "object",
          properties: {
            code: { type: "string", enum: codes, description: REASON_DESCRIPTION },
            message: { type: "string", description: "Written for staff or patients; shown as is." },
            issues: {
              type: "array",
              items: { type: "object", properties: { message: { type: "string" } }, required: ["message"] },
              description: "The input's problems, when a schema refused it.",
            },
          },
          required: ["code", "message"],
        },
      },
      required: ["success", "error"],
      example: { success: false, error: { code: codes[0], message: example?.message ?? status } },
    };
  }
  schemas.ErrorReason = {
    type: "string",
    enum: [...new Set([...REASONS, ...GENERIC_CODES])],
    description: REASON_DESCRIPTION,
  };
  return { ...doc, components: { ...doc.components, schemas } };
}

const REASON_DESCRIPTION =
  "Why the call was refused: clients switch on this code, never on the message. A domain reason (LINK_EXPIRED, QUEUE_PAUSED, ...; the table is in the README), or the status's name when no finer reason applies.";

/** Codes for errors no domain reason explains: bad input, sign-in, limits, body size, faults. */
const GENERIC_CODES = [
  "BAD_REQUEST",
  "UNAUTHORIZED",
  "FORBIDDEN",
  "NOT_FOUND",
  "CONFLICT",
  "PAYLOAD_TOO_LARGE",
  "UNSUPPORTED_MEDIA_TYPE",
  "TOO_MANY_REQUESTS",
  "INTERNAL_SERVER_ERROR",
];
