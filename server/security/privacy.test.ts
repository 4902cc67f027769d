// What a patient or the waiting room sees names no other patient: the tracking REST paths, tRPC
// tracking.get, the live WebSocket messages, the /track page (its HTML and its JSON boot data),
// and the waiting-room display's data (HTTP and WebSocket) and its server-rendered HTML.
// Distinctive names are seeded in two hospitals and every body is searched for them.
import { NextRequest } from "next/server";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { GET as trackPage } from "../../app/track/[token]/route.ts";
import { DisplayView } from "../../components/queue/display-view.tsx";
import { TRPCReactProvider } from "../../components/trpc.tsx";
import { checkIn } from "../services/queue-changes.ts";
import { broadcastEmergency } from "../services/queue-notices.ts";
import { startTestServer } from "../test/server.ts";
import { WS_PATH } from "../ws/ws-server.ts";
import { createHospital, freshIp, type Hospital, request, trpcHttp } from "./kit.ts";

const OURS = ["Zephyrine Quillfeather", "Barnaby Oddsworth", "Ottoline Marchbanks", "Ignatius Pembleton"];
const THEIRS = ["Cordelia Wrexham"];
const ALL = [...OURS, ...THEIRS];

let h: Hospital;
let server: Awaited<ReturnType<typeof startTestServer>>;
const from = freshIp();

/** The seeded names (and their surnames alone) found in a body, except the reader's own. */
function namesIn(body: string, own?: string): string[] {
  const found: string[] = [];
  for (const name of ALL) {
    if (name === own) continue;
    const surname = name.split(" ")[1]!;
    if (body.includes(name) || body.includes(surname)) found.push(name);
  }
  return found;
}

/** A raw socket following one subscription; every frame is kept as the text that arrived. */
async function follow(path: string, input: unknown) {
  const socket = new WebSocket(`${server.url.replace("http", "ws")}${WS_PATH}`, { localAddress: from });
  const frames: string[] = [];
  socket.on("message", (data) => frames.push(data.toString()));
  await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
  socket.send(
    JSON.stringify({ id: 1, method: "subscription", params: { path, input: superjson.serialize(input) } }),
  );
  return { frames, close: () => socket.close() };
}
const dataFrames = (frames: string[]) => frames.filter((f) => f.includes('"type":"data"'));

/** A hospital with OURS as its patients; a test that changes the queue takes one of its own. */
const ourHospital = () =>
  createHospital([
    { at: "00:00", status: "IN_CONSULTATION", name: OURS[0] },
    { at: "00:00", status: "CALLED", paidMinutesBefore: 30, name: OURS[1] },
    { at: "00:10", status: "CHECKED_IN", paidMinutesBefore: 20, name: OURS[2] },
    { at: "00:20", status: "BOOKED", name: OURS[3] },
  ]);

beforeAll(async () => {
  h = await ourHospital();
  // Another hospital's patient: never in any answer of this one.
  await createHospital([{ at: "00:00", status: "CHECKED_IN", name: THEIRS[0] }]);
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

describe("a patient's tracking", () => {
  it("REST track and refresh-queue, and tRPC tracking.get, name no other patient", async () => {
    // The control: the names are there to be found, on the staff board.
    const board = await trpcHttp(
      server.url,
      "queue.board",
      "query",
      {},
      { cookie: h.cookies.RECEPTIONIST, from },
    );
    expect(namesIn(board.text).sort()).toEqual([...OURS].sort());
    for (const [i, token] of h.trackingTokens.entries()) {
      const bodies = [
        await request(`${server.url}/api/appointments/track/${token}`, { from }),
        await request(`${server.url}/api/appointments/refresh-queue/${token}`, { from }),
        await trpcHttp(server.url, "tracking.get", "query", { token }, { from }),
      ];
      for (const body of bodies) {
        expect(body.status).toBe(200);
        expect(namesIn(body.text, OURS[i])).toEqual([]);
      }
    }
  });

  it("the /track page (HTML and its JSON boot data) names no other patient", async () => {
    for (const [i, token] of h.trackingTokens.entries()) {
      const url = `http://localhost/track/${token}`;
      for (const accept of ["text/html", "application/json"]) {
        const res = await trackPage(new NextRequest(url, { headers: { accept } }), {
          params: Promise.resolve({ token }),
        });
        expect(res.status).toBe(200);
        const body = await res.text();
        expect(body.length).toBeGreaterThan(100);
        expect(namesIn(body, OURS[i])).toEqual([]);
      }
    }
  });

  it("the live WebSocket messages name no other patient, through check-ins and a notice", async () => {
    const h = await ourHospital();
    const followers = await Promise.all(
      h.trackingTokens.map((token) => follow("tracking.onUpdate", { token, lastEventId: null })),
    );
    await expect.poll(() => followers.every((f) => dataFrames(f.frames).length >= 1)).toBe(true);
    await checkIn({ hospitalId: h.hospital.id }, h.appointments[3]!.id, "system:privacy-test", {
      force: true,
    });
    await broadcastEmergency(
      { hospitalId: h.hospital.id },
      { doctorId: h.doctor.id, date: h.date, message: "Running late", priority: "high", estimatedDelay: 15 },
      "system:privacy-test",
    );
    await expect.poll(() => followers.every((f) => dataFrames(f.frames).length >= 3)).toBe(true);
    for (const [i, f] of followers.entries()) {
      f.close();
      expect(namesIn(f.frames.join("\n"), OURS[i])).toEqual([]);
    }
  });
});

describe("the waiting-room display", () => {
  it("its data (HTTP and WebSocket) and its server-rendered screen name no patient at all", async () => {
    const h = await ourHospital();
    const input = { doctorId: h.doctor.id, token: h.displayToken };
    const http = await trpcHttp(server.url, "display.get", "query", input, { from });
    expect(http.status).toBe(200);
    expect(namesIn(http.text)).toEqual([]);

    const live = await follow("display.onUpdate", { ...input, lastEventId: null });
    await expect.poll(() => dataFrames(live.frames).length).toBeGreaterThanOrEqual(1);
    await checkIn({ hospitalId: h.hospital.id }, h.appointments[3]!.id, "system:privacy-test", {
      force: true,
    });
    await broadcastEmergency(
      { hospitalId: h.hospital.id },
      {
        doctorId: h.doctor.id,
        date: h.date,
        message: "Back to normal",
        priority: "normal",
        estimatedDelay: 0,
      },
      "system:privacy-test",
    );
    await expect.poll(() => dataFrames(live.frames).length).toBeGreaterThanOrEqual(2);
    live.close();
    expect(namesIn(live.frames.join("\n"))).toEqual([]);

    const initial = superjson.deserialize(JSON.parse(http.text).result.data) as Parameters<
      typeof DisplayView
    >[0]["initial"];
    const html = renderToString(
      createElement(TRPCReactProvider, null, createElement(DisplayView, { ...input, initial })),
    );
    expect(html).toContain(h.doctor.name);
    expect(namesIn(html)).toEqual([]);
  });
});
