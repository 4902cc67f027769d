// GET /api/stats/export.csv: a period's appointments as an RFC 4180 file, formulas neutralised,
// for admins and reception (a doctor their own), refused without a caller or with a bad period.
import { afterAll, beforeAll, expect, it } from "vitest";
import { getDb } from "../db/client.ts";
import { everyDay } from "../domain/hours.ts";
import { addDays } from "../domain/time.ts";
import { createHospital, type Hospital, request } from "../security/kit.ts";
import { describeNeeding } from "../test/needs.ts";
import { startTestServer } from "../test/server.ts";

let h: Hospital;
let other: Hospital;
let secondDoctorId: string;
let server: Awaited<ReturnType<typeof startTestServer>>;

/** RFC 4180: quoted fields may hold commas, doubled quotes and line breaks; lines end in CRLF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += c;
  }
  expect(cell).toBe("");
  expect(row).toEqual([]);
  return rows;
}

const get = (query: string, headers: Record<string, string> = {}) =>
  request(`${server.url}/api/stats/export.csv?${query}`, { headers });

describeNeeding(["pg"], "GET /api/stats/export.csv", () => {
  beforeAll(async () => {
    h = await createHospital([
      { at: "09:00", status: "COMPLETED", name: '=HYPERLINK("http://evil","x")' },
      { at: "10:00", status: "CHECKED_IN", name: 'Smith, "Jo"' },
    ]);
    other = await createHospital([{ at: "09:00", name: "Other Hospital Patient" }]);
    const db = getDb();
    const [first, second] = h.appointments;
    await db.appointment.update({
      where: { id: first!.id },
      data: {
        checkedInAt: new Date(first!.scheduledAt.getTime() - 5 * 60_000),
        startedAt: new Date(first!.scheduledAt.getTime() + 10 * 60_000),
        endedAt: new Date(first!.scheduledAt.getTime() + 22 * 60_000),
        note: "line one\nline two",
      },
    });
    await db.patient.update({ where: { id: second!.patientId }, data: { phone: "+64 21 555 1234" } });
    await db.appointment.update({ where: { id: second!.id }, data: { note: "-2 days of fever" } });
    const doctor = await db.doctor.create({
      data: {
        hospitalId: h.hospital.id,
        name: "Dr Second",
        room: "9",
        periods: { create: everyDay("00:00", "24:00") },
      },
    });
    secondDoctorId = doctor.id;
    const day = await db.queueDay.create({
      data: { hospitalId: h.hospital.id, doctorId: doctor.id, date: h.date },
    });
    const patient = await db.patient.create({
      data: { hospitalId: h.hospital.id, name: "Second's Patient" },
    });
    await db.appointment.create({
      data: {
        hospitalId: h.hospital.id,
        doctorId: doctor.id,
        patientId: patient.id,
        queueDayId: day.id,
        ticket: 1,
        scheduledAt: first!.scheduledAt,
      },
    });
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it("sends a CSV file: a header, then one row per appointment, quoted and formula-safe", async () => {
    const r = await get(`from=${h.date}&to=${h.date}&doctorId=${h.doctor.id}`, {
      cookie: h.cookies.RECEPTIONIST,
    });
    expect(r.status).toBe(200);
    expect(r.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(r.headers["content-disposition"]).toBe(
      `attachment; filename="appointments-${h.date}-${h.date}.csv"`,
    );
    const [header, ...rows] = parseCsv(r.text);
    expect(header).toEqual([
      "date",
      "time",
      "doctor",
      "ticket",
      "patient",
      "phone",
      "status",
      "priority",
      "source",
      "paid",
      "booked at",
      "checked in",
      "called",
      "started",
      "ended",
      "waited minutes",
      "consultation minutes",
      "note",
    ]);
    expect(rows).toHaveLength(2);
    const byColumn = rows.map((row) => Object.fromEntries(header!.map((k, i) => [k, row[i]])));
    expect(byColumn[0]).toMatchObject({
      date: h.date,
      time: "09:00",
      doctor: "Dr Test",
      ticket: "1",
      patient: `'=HYPERLINK("http://evil","x")`,
      status: "COMPLETED",
      "checked in": `${h.date} 08:55`,
      started: `${h.date} 09:10`,
      ended: `${h.date} 09:22`,
      "waited minutes": "15",
      "consultation minutes": "12",
      note: "line one\nline two",
    });
    expect(byColumn[1]).toMatchObject({
      patient: 'Smith, "Jo"',
      phone: "'+64 21 555 1234",
      note: "'-2 days of fever",
      paid: "no",
      "waited minutes": "",
    });
  });

  it("exports every doctor of the hospital for admins, and a doctor only their own", async () => {
    const all = parseCsv((await get(`from=${h.date}&to=${h.date}`, { cookie: h.cookies.ADMIN })).text);
    expect(
      all
        .slice(1)
        .map((r) => r[4])
        .sort(),
    ).toEqual(
      ['=HYPERLINK("http://evil","x")', "Second's Patient", 'Smith, "Jo"']
        .map((n) => (n.startsWith("=") ? `'${n}` : n))
        .sort(),
    );
    const own = await get(`from=${h.date}&to=${h.date}`, { cookie: h.cookies.DOCTOR });
    expect(own.status).toBe(200);
    expect(
      parseCsv(own.text)
        .slice(1)
        .map((r) => r[2]),
    ).toEqual(["Dr Test", "Dr Test"]);
    const colleague = await get(`from=${h.date}&to=${h.date}&doctorId=${secondDoctorId}`, {
      cookie: h.cookies.DOCTOR,
    });
    expect(colleague.status).toBe(403);
    expect(JSON.parse(colleague.text).error.code).toBe("NOT_OWN_QUEUE");
  });

  it("refuses a caller without credentials, another hospital's doctor and a bad period", async () => {
    expect((await get(`from=${h.date}&to=${h.date}`)).status).toBe(401);
    const foreign = await get(`from=${h.date}&to=${h.date}&doctorId=${other.doctor.id}`, {
      cookie: h.cookies.ADMIN,
    });
    expect(foreign.status).toBe(404);
    expect(foreign.text).not.toContain("Other Hospital Patient");

    const backwards = await get(`from=${h.date}&to=${addDays(h.date, -1)}`, { cookie: h.cookies.ADMIN });
    expect(backwards.status).toBe(400);
    expect(JSON.parse(backwards.text).error.message).toMatch(/after the end date/);
    const long = await get(`from=${addDays(h.date, -366)}&to=${h.date}`, { cookie: h.cookies.ADMIN });
    expect(long.status).toBe(400);
    expect(JSON.parse(long.text).error.message).toMatch(/at most 366 days/);
    expect(
      (await get(`from=${addDays(h.date, -365)}&to=${h.date}`, { cookie: h.cookies.ADMIN })).status,
    ).toBe(200);
    expect((await get(`from=yesterday&to=${h.date}`, { cookie: h.cookies.ADMIN })).status).toBe(400);
    expect((await get("", { cookie: h.cookies.ADMIN })).status).toBe(400);
  });

  it("is described in /api/openapi.json: its query, its text/csv answer and its refusals", async () => {
    const doc = JSON.parse((await request(`${server.url}/api/openapi.json`)).text);
    const op = doc.paths["/stats/export.csv"]?.get;
    expect(op).toBeTruthy();
    expect(
      op.parameters.map((p: { name: string; in: string; required: boolean }) => [p.name, p.in, p.required]),
    ).toEqual([
      ["from", "query", true],
      ["to", "query", true],
      ["doctorId", "query", false],
    ]);
    expect(Object.keys(op.responses["200"].content)).toEqual(["text/csv"]);
    expect(Object.keys(op.responses).sort()).toEqual(["200", "400", "401", "403", "404"]);
    // Every error it names is a schema of the document.
    for (const status of ["400", "401", "403", "404"]) {
      const ref: string = op.responses[status].content["application/json"].schema.$ref;
      expect(doc.components.schemas[ref.replace("#/components/schemas/", "")], ref).toBeTruthy();
    }
  });
});
