// The admin's staff screen and its REST paths (/api/admin/staff): accounts, one-time set-password
// links, and every API token of the hospital. Admins only; an API token needs the "admin" scope,
// for reading as for changing (the list carries every colleague's email).
import { z } from "zod";
import { checkAccountPassword, ZNewPassword } from "../../auth/password-policy.ts";
import {
  addStaff,
  createResetLink,
  listHospitalTokens,
  listStaff,
  revokeHospitalToken,
  updateStaff,
} from "../../services/staff.ts";
import { roleProcedure, router } from "../init.ts";
import { ZId } from "../schemas/primitives.ts";
import { ZText } from "../schemas/text.ts";

const admin = roleProcedure("manage staff accounts", ["ADMIN"], "admin", "admin");

const ZRole = z.enum(["ADMIN", "RECEPTIONIST", "DOCTOR"]);

export const ZStaffMember = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  role: ZRole,
  doctor: z.object({ id: z.string(), name: z.string() }).nullable(),
  active: z.boolean(),
  createdAt: z.date(),
});

const ZResetLink = z.object({ url: z.string(), expiresAt: z.date() });

export const ZCreateStaffInput = z
  .object({
    name: ZText(120),
    email: z.email("Enter a valid email address.").max(254),
    role: ZRole,
    /** Required for a doctor's account. */
    doctorId: ZId.nullish(),
    /** Left out: the answer carries a one-time link for the person to set their own. */
    password: ZNewPassword.optional(),
  })
  .superRefine((value, ctx) => {
    if (value.password !== undefined) checkAccountPassword({ ...value, password: value.password }, ctx);
    if (value.role === "DOCTOR" && !value.doctorId)
      ctx.addIssue({
        code: "custom",
        path: ["doctorId"],
        message: "Choose the doctor this account belongs to.",
      });
  });

export const ZUpdateStaffInput = z.object({
  staffId: ZId,
  name: ZText(120).optional(),
  role: ZRole.optional(),
  /** The doctor a doctor's account is linked to (null: none, for the other roles). */
  doctorId: ZId.nullish(),
  active: z.boolean().optional(),
});

export const ZHospitalToken = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  staff: z.object({ id: z.string(), name: z.string() }),
  scopes: z.array(z.string()),
  createdAt: z.date(),
  lastUsedAt: z.date().nullable(),
  expiresAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
});

export const adminStaffRouter = router({
  list: admin
    .meta({
      openapi: { method: "GET", path: "/admin/staff", tags: ["admin"], protect: true, summary: "List staff" },
    })
    .input(z.object({}).optional())
    .output(z.array(ZStaffMember))
    .query(({ ctx }) => listStaff(ctx.staff.hospitalId)),

  create: admin
    .meta({
      openapi: {
        method: "POST",
        path: "/admin/staff",
        tags: ["admin"],
        protect: true,
        summary: "Add a staff member (without a password: answers a one-time set-password link)",
      },
    })
    .input(ZCreateStaffInput)
    .output(ZStaffMember.extend({ resetLink: ZResetLink.nullable() }))
    .mutation(({ ctx, input }) => addStaff(ctx.staff.hospitalId, input, ctx.staff.id)),

  update: admin
    .meta({
      openapi: {
        method: "PATCH",
        path: "/admin/staff/{staffId}",
        tags: ["admin"],
        protect: true,
        summary: "Change a staff member's name, role, doctor link or whether they are active",
      },
    })
    .input(ZUpdateStaffInput)
    .output(ZStaffMember)
    .mutation(({ ctx, input }) => {
      const { staffId, ...change } = input;
      return updateStaff(ctx.staff.hospitalId, ctx.staff.id, staffId, change);
    }),

  /** A one-time link (24 h) for the person to set a new password; their earlier unused links stop working. */
  resetLink: admin
    .input(z.object({ staffId: ZId }))
    .output(ZResetLink)
    .mutation(({ ctx, input }) => createResetLink(ctx.staff.hospitalId, ctx.staff.id, input.staffId)),

  tokens: admin.output(z.array(ZHospitalToken)).query(({ ctx }) => listHospitalTokens(ctx.staff.hospitalId)),

  revokeToken: admin
    .input(z.object({ tokenId: ZId }))
    .mutation(({ ctx, input }) => revokeHospitalToken(ctx.staff.hospitalId, input.tokenId)),
});
