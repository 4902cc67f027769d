// queue.clinicNotice / queue.clearClinicNotice: one notice to every active doctor's queue of today,
// through the procedures, on the test database.
import { expect, it } from "vitest";
import { getDb } from "../../db/client.ts";
import { queueWorld } from "../../services/queue-test-kit.ts";
import { getSnapshot } from "../../services/snapshot.ts";
import { describeNeeding } from "../../test/needs.ts";

async function noticesOf(hospitalId: string, date: string) {
  const days = await getDb().queueDay.findMany({ where: { hospitalId, date }, include: { doctor: true } });
  const out = new Map<string, string | null>();
  for (const d of days)
    out.set(d.doctor.name, (await getSnapshot(d.id, { fresh: true }))?.notice?.message ?? null);
  return out;
}

describeNeeding(["pg"], "clinic-wide notice", () => {
  it("reaches every active doctor's queue of today, and clearing takes it down from all", async () => {
    const w = await queueWorld((c) => [{ at: c.hhmm(0) }]);
    await getDb().doctor.create({
      data: { hospitalId: w.hospital.id, name: "Dr Gone", room: "3", active: false },
    });
    const q = w.callers.reception.queue;

    const sent = await q.clinicNotice({ message: "Fire drill: please wait outside", priority: "high" });
    expect(sent).toMatchObject({ date: w.date, changed: 2, failed: [] });
    expect(sent.results.map((r) => r.doctorName).sort()).toEqual(["Dr Other", "Dr Test"]);
    const notices = await noticesOf(w.hospital.id, w.date);
    expect(notices.get("Dr Test")).toBe("Fire drill: please wait outside");
    expect(notices.get("Dr Other")).toBe("Fire drill: please wait outside");
    expect(notices.has("Dr Gone")).toBe(false);

    const cleared = await w.callers.admin.queue.clearClinicNotice();
    expect(cleared).toMatchObject({ changed: 2, failed: [] });
    const after = await noticesOf(w.hospital.id, w.date);
    expect([...after.values()]).toEqual([null, null]);

    // Nothing left to clear is not a failure.
    expect(await q.clearClinicNotice()).toMatchObject({ changed: 0, failed: [], results: [] });
  });

  it("is refused to a doctor, and changes nothing", async () => {
    const w = await queueWorld();
    await expect(
      w.callers.doctor.queue.clinicNotice({ message: "Outage", priority: "normal" }),
    ).rejects.toMatchObject({
      message: expect.stringMatching(/may not send a notice/),
    });
    expect([...(await noticesOf(w.hospital.id, w.date)).values()].every((n) => n === null)).toBe(true);
  });

  it("needs a message", async () => {
    const w = await queueWorld();
    await expect(
      w.callers.reception.queue.clinicNotice({ message: "  ", priority: "normal" }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });
});
