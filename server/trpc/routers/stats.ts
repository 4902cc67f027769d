// Statistics procedures, read-only. Who may read what:
// - ADMIN: any doctor of their hospital, and the hospital as a whole.
// - RECEPTIONIST: the same. Reception plans the day (walk-ins, busy hours) from the no-show,
//   early-arrival and peak-hour figures, and no figure here names a patient.
// - DOCTOR: their own statistics only; colleagues' and hospital-wide figures are for admins and reception.
// Every read is scoped to the caller's hospital: another hospital's doctor is NOT_FOUND.
import { z } from "zod";
import { rangeProblem } from "../../domain/statistics.ts";
import { exportAppointmentsCsv } from "../../services/export.ts";
import { assertInScope, scopeOfStaff } from "../../services/queue-changes.ts";
import { doctorStatistics, hospitalStatistics } from "../../services/statistics.ts";
import { roleProcedure, router } from "../init.ts";
import { ZId, ZLocalDate } from "../schemas/primitives.ts";
import { documented, ZStatisticsOutput } from "../schemas/rest.ts";

const readStatistics = roleProcedure("read statistics", ["ADMIN", "RECEPTIONIST", "DOCTOR"]);
const readHospitalStatistics = roleProcedure("read hospital-wide statistics", ["ADMIN", "RECEPTIONIST"]);

function checkRange(value: { from?: string; to?: string }, ctx: z.RefinementCtx) {
  if (value.from === undefined || value.to === undefined) return;
  const problem = rangeProblem(value.from, value.to);
  if (problem) ctx.addIssue({ code: "custom", path: ["to"], message: problem });
}

/** `{ doctorId, date? }` for one day (today when left out) or `{ doctorId, from, to }` for a range. */
export const ZDoctorStatsInput = z
  .object({
    doctorId: ZId,
    date: ZLocalDate.optional(),
    from: ZLocalDate.optional(),
    to: ZLocalDate.optional(),
  })
  .superRefine((value, ctx) => {
    if (value.date !== undefined && (value.from !== undefined || value.to !== undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["date"],
        message: "Give either a date or a from/to range, not both.",
      });
    } else if ((value.from === undefined) !== (value.to === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: [value.from === undefined ? "from" : "to"],
        message: "Give both ends of the range (from and to).",
      });
    }
    checkRange(value, ctx);
  });
export type TDoctorStatsInput = z.infer<typeof ZDoctorStatsInput>;

export const ZHospitalStatsInput = z.object({ from: ZLocalDate, to: ZLocalDate }).superRefine(checkRange);
export type THospitalStatsInput = z.infer<typeof ZHospitalStatsInput>;

/** The CSV export's period, and a doctor (a doctor's own when left out for a DOCTOR). */
export const ZExportInput = z
  .object({ from: ZLocalDate, to: ZLocalDate, doctorId: ZId.optional() })
  .superRefine(checkRange);

export const statsRouter = router({
  /** The appointments of a period as CSV; served as a file by GET /api/stats/export.csv. */
  export: readStatistics
    .input(ZExportInput)
    .query(({ ctx, input }) =>
      exportAppointmentsCsv(scopeOfStaff(ctx.staff), ctx.staff.hospital.timeZone, input),
    ),

  doctor: readStatistics
    .meta({
      openapi: {
        method: "GET",
        path: "/appointments/queue/statistics/{doctorId}",
        tags: ["statistics"],
        protect: true,
      },
    })
    .input(ZDoctorStatsInput)
    .output(documented<Awaited<ReturnType<typeof doctorStatistics>>>(ZStatisticsOutput))
    .query(({ ctx, input }) => {
      assertInScope(
        scopeOfStaff(ctx.staff),
        input.doctorId,
        "Your role (DOCTOR) may not read another doctor's statistics.",
      );
      const { doctorId, ...period } = input;
      return doctorStatistics(ctx.staff.hospitalId, doctorId, period);
    }),

  hospital: readHospitalStatistics
    .input(ZHospitalStatsInput)
    .query(({ ctx, input }) => hospitalStatistics(ctx.staff.hospitalId, input)),
});
