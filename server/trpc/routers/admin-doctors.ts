// The admin's doctors and their REST paths (/api/admin/doctors): details, weekly working periods
// and days off. Admins only; an API token needs the "admin" scope. Input errors name their field
// (`weekly.2.end`) so the admin screen shows them there.
import { z } from "zod";
import {
  type AdminScope,
  createDoctorForAdmin,
  listDoctorsForAdmin,
  setDoctorHours,
  updateDoctorForAdmin,
} from "../../services/admin-doctors.ts";
import { hospitalToday } from "../context.ts";
import { roleProcedure, router } from "../init.ts";
import { ZId, ZLocalDate } from "../schemas/primitives.ts";
import { ZText } from "../schemas/text.ts";

const admin = roleProcedure("manage doctors", ["ADMIN"], "admin", "admin");

const ZStart = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Use a time like 09:00 (00:00 to 23:59).");
const ZEnd = z
  .string()
  .regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, "Use a time like 17:30 (24:00 for midnight).");

export const ZWeeklyPeriod = z.object({
  weekday: z
    .number()
    .int("Use a day from 1 (Monday) to 7 (Sunday).")
    .min(1, "Use a day from 1 (Monday) to 7 (Sunday).")
    .max(7, "Use a day from 1 (Monday) to 7 (Sunday)."),
  start: ZStart,
  end: ZEnd,
});

export const ZHoursInput = z.object({
  weekly: z.array(ZWeeklyPeriod).max(50, "At most 50 periods a week."),
  daysOff: z.array(ZLocalDate).max(400, "At most 400 days off at a time."),
});

const ZMinutes = z
  .number()
  .int("Enter whole minutes.")
  .min(1, "A consultation lasts at least 1 minute.")
  .max(240, "A consultation lasts at most 240 minutes.");
const ZPlaces = z
  .number()
  .int("Enter a whole number of places.")
  .min(1, "Places per hour must be at least 1 (leave it empty for as many as fit).")
  .max(60, "At most 60 places an hour.");

const doctorFields = {
  name: ZText(120),
  room: ZText(40),
  specialty: ZText(120, { min: 0 }).nullish(),
  consultationMinutes: ZMinutes.nullish(),
  learnsPace: z.boolean().optional(),
  placesPerHour: ZPlaces.nullish(),
};

export const ZCreateDoctorInput = z.object({ ...doctorFields, hours: ZHoursInput.nullish() });

export const ZUpdateDoctorInput = z.object({
  doctorId: ZId,
  name: doctorFields.name.optional(),
  room: doctorFields.room.optional(),
  specialty: doctorFields.specialty,
  consultationMinutes: doctorFields.consultationMinutes,
  learnsPace: doctorFields.learnsPace,
  placesPerHour: doctorFields.placesPerHour,
  /** false: deactivated (takes no bookings or walk-ins; history kept); true: active again. */
  active: z.boolean().optional(),
});

export const ZAdminDoctor = z.object({
  id: z.string(),
  name: z.string(),
  room: z.string(),
  specialty: z.string().nullable(),
  consultationMinutes: z.number().int().nullable(),
  learnsPace: z.boolean(),
  placesPerHour: z.number().int().nullable(),
  active: z.boolean(),
  createdAt: z.date(),
  periods: z.array(z.object({ weekday: z.number().int(), start: z.string(), end: z.string() })),
  /** From today on. */
  daysOff: z.array(z.object({ date: z.string(), note: z.string().nullable() })),
  /** The doctor's own staff account, if one is linked. */
  staff: z.object({ id: z.string(), name: z.string(), email: z.string(), active: z.boolean() }).nullable(),
});

const scopeOf = (ctx: Parameters<typeof hospitalToday>[0] & { staff: { id: string; hospitalId: string } }) =>
  ({
    hospitalId: ctx.staff.hospitalId,
    actor: `staff:${ctx.staff.id}`,
    today: hospitalToday(ctx),
  }) satisfies AdminScope;

export const adminDoctorsRouter = router({
  list: admin
    .meta({
      openapi: {
        method: "GET",
        path: "/admin/doctors",
        tags: ["admin"],
        protect: true,
        summary: "List doctors (active and inactive) with their hours and days off from today on",
      },
    })
    .input(z.object({}).optional())
    .output(z.array(ZAdminDoctor))
    .query(({ ctx }) => listDoctorsForAdmin(ctx.staff.hospitalId, hospitalToday(ctx))),

  create: admin
    .meta({
      openapi: {
        method: "POST",
        path: "/admin/doctors",
        tags: ["admin"],
        protect: true,
        summary: "Add a doctor, optionally with their weekly hours and days off",
      },
    })
    .input(ZCreateDoctorInput)
    .output(ZAdminDoctor)
    .mutation(({ ctx, input }) => createDoctorForAdmin(scopeOf(ctx), input)),

  update: admin
    .meta({
      openapi: {
        method: "PATCH",
        path: "/admin/doctors/{doctorId}",
        tags: ["admin"],
        protect: true,
        summary: "Change a doctor's details, or deactivate / reactivate them (nothing is deleted)",
      },
    })
    .input(ZUpdateDoctorInput)
    .output(ZAdminDoctor)
    .mutation(({ ctx, input }) => {
      const { doctorId, ...patch } = input;
      return updateDoctorForAdmin(scopeOf(ctx), doctorId, patch);
    }),

  setHours: admin
    .meta({
      openapi: {
        method: "PUT",
        path: "/admin/doctors/{doctorId}/hours",
        tags: ["admin"],
        protect: true,
        summary: "Replace a doctor's weekly hours and their days off from today on",
      },
    })
    .input(ZHoursInput.extend({ doctorId: ZId }))
    .output(ZAdminDoctor)
    .mutation(({ ctx, input }) => {
      const { doctorId, ...hours } = input;
      return setDoctorHours(scopeOf(ctx), doctorId, hours);
    }),
});
