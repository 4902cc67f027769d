// The hospital's own settings (admins; also GET|PATCH /api/admin/hospital with an admin-scoped token).
import { z } from "zod";
import { getHospitalSettings, updateHospitalSettings } from "../../services/hospital-settings.ts";
import { roleProcedure, router } from "../init.ts";
import { ZText } from "../schemas/text.ts";

const admin = roleProcedure("change the hospital's settings", ["ADMIN"], "admin");

const optionalText = (max: number) => ZText(max, { min: 0 }).nullable().optional();
/** Whole minutes or hours in a range; null: back to the default. */
const setting = (label: string, min: number, max: number) =>
  z
    .number(`${label}: enter a whole number.`)
    .int(`${label}: enter a whole number.`)
    .min(min, `${label}: at least ${min}.`)
    .max(max, `${label}: at most ${max}.`)
    .nullable()
    .optional();

const ZMapUrl = z
  .string()
  .trim()
  .max(500, "Use a link of at most 500 characters.")
  .refine((v) => {
    if (v === "") return true;
    try {
      const url = new URL(v);
      return url.protocol === "https:" && url.hostname !== "";
    } catch {
      return false;
    }
  }, "Use a map link that starts with https://")
  .nullable()
  .optional();

export const ZHospitalSettingsInput = z.object({
  name: ZText(120).optional(),
  timeZone: z.string().trim().min(1, "Choose the hospital's time zone.").max(64).optional(),
  address: optionalText(300),
  phone: optionalText(40),
  mapUrl: ZMapUrl,
  languages: z
    .array(z.string().trim().max(16))
    .min(1, "Offer at least one language on the patient page.")
    .max(20)
    .optional(),
  checkInWindowMinutes: setting("Check-in window", 0, 720),
  noShowGraceMinutes: setting("No-show grace", 0, 720),
  defaultConsultationMinutes: setting("Default consultation", 1, 240),
  trackingLinkHours: setting("Tracking-link lifetime", 12, 336),
});

const ZDefaults = z.object({
  checkInWindowMinutes: z.number(),
  noShowGraceMinutes: z.number(),
  defaultConsultationMinutes: z.number(),
  trackingLinkHours: z.number(),
});
const ZHospitalSettings = z.object({
  name: z.string(),
  timeZone: z.string(),
  address: z.string().nullable(),
  phone: z.string().nullable(),
  mapUrl: z.string().nullable(),
  languages: z.array(z.string()),
  checkInWindowMinutes: z.number().nullable(),
  noShowGraceMinutes: z.number().nullable(),
  defaultConsultationMinutes: z.number().nullable(),
  trackingLinkHours: z.number().nullable(),
  /** What each unset number falls back to. */
  defaults: ZDefaults,
});

const actorOf = (staff: { id: string }) => `staff:${staff.id}`;

export const adminHospitalRouter = router({
  get: admin
    .meta({
      openapi: {
        method: "GET",
        path: "/admin/hospital",
        tags: ["admin"],
        summary: "The hospital's settings, each with the default it falls back to",
        protect: true,
      },
    })
    .input(z.object({}).optional())
    .output(ZHospitalSettings)
    .query(({ ctx }) => getHospitalSettings(ctx.staff.hospitalId)),
  update: admin
    .meta({
      openapi: {
        method: "PATCH",
        path: "/admin/hospital",
        tags: ["admin"],
        summary: "Change the hospital's settings (fields left out are kept; null: the default)",
        protect: true,
      },
    })
    .input(ZHospitalSettingsInput)
    .output(ZHospitalSettings)
    .mutation(({ ctx, input }) =>
      updateHospitalSettings(ctx.staff.hospitalId, actorOf(ctx.staff), input, ctx.clock.now()),
    ),
});
