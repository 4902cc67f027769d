"use client";
// The hospital's staff accounts: add one with a role (a doctor account names its doctor), change
// role or doctor, deactivate and reactivate, and hand out a one-time link to set a new password.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { useTRPC } from "../trpc";
import { Banner } from "../ui/banner";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { Dialog } from "../ui/dialog";
import { Input, Select } from "../ui/field";
import { Skeleton } from "../ui/skeleton";
import { Badge } from "../ui/status-chip";
import { AdminTable } from "./admin-table";
import { ConfirmDialog } from "./confirm-dialog";
import { CopySecret } from "./copy-secret";
import { formErrorsOf } from "./errors";
import { FormField } from "./form-field";
import { dateTime } from "./format";
import type { AdminDoctor, AdminStaff } from "./types";
import { useDialog } from "./use-dialog";

type Role = AdminStaff["role"];
const ROLES: { value: Role; label: string }[] = [
  { value: "RECEPTIONIST", label: "Reception" },
  { value: "DOCTOR", label: "Doctor" },
  { value: "ADMIN", label: "Admin" },
];
const roleLabel = (role: Role) => ROLES.find((r) => r.value === role)?.label ?? role;

type Open =
  | { kind: "add" }
  | { kind: "edit"; member: AdminStaff }
  | { kind: "active"; member: AdminStaff }
  | { kind: "reset"; member: AdminStaff };

export function StaffView({ timeZone, staffId }: { timeZone: string; staffId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const staff = useQuery(trpc.adminStaff.list.queryOptions());
  const doctors = useQuery(trpc.adminDoctors.list.queryOptions());
  const [open, setOpen] = useDialog<Open>();
  const setActive = useMutation(
    trpc.adminStaff.update.mutationOptions({
      onSuccess: async (_, input) => {
        toast.success(input.active ? "Account reactivated." : "Account deactivated: they are signed out.");
        await queryClient.invalidateQueries({ queryKey: trpc.adminStaff.list.queryKey() });
        setOpen(null);
      },
    }),
  );
  const close = () => {
    setActive.reset();
    setOpen(null);
  };
  const doctorList = doctors.data ?? [];

  return (
    <Card className="grid gap-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 className="m-0 text-xl font-bold">Staff</h2>
        <Button variant="primary" onClick={() => setOpen({ kind: "add" })}>
          Add a staff member
        </Button>
      </div>
      {staff.isPending ? (
        <Skeleton className="h-48" />
      ) : staff.isError ? (
        <Banner tone="bad" role="alert" title="Could not load the staff">
          {staff.error.message}
        </Banner>
      ) : (
        <AdminTable
          caption="Staff accounts"
          rows={staff.data}
          rowKey={(m) => m.id}
          muted={(m) => !m.active}
          columns={[
            {
              label: "Name",
              cell: (m) => (
                <span className="font-semibold text-ink">
                  {m.name}
                  {m.id === staffId && <span className="ml-1 font-normal text-muted">(you)</span>}
                </span>
              ),
            },
            { label: "Email", cell: (m) => <EmailAddress email={m.email} /> },
            { label: "Role", cell: (m) => roleLabel(m.role) },
            { label: "Doctor", cell: (m) => m.doctor?.name ?? "—" },
            {
              label: "Status",
              cell: (m) =>
                m.active ? <Badge tone="ok">Active</Badge> : <Badge tone="neutral">Inactive</Badge>,
            },
            {
              label: "Actions",
              actions: true,
              cell: (m) => (
                <span className="flex flex-wrap gap-1.5 md:justify-end">
                  <Button
                    size="sm"
                    onClick={() => setOpen({ kind: "edit", member: m })}
                    aria-label={`Edit ${m.name}`}
                  >
                    Edit
                  </Button>
                  <Button
                    size="sm"
                    onClick={() => setOpen({ kind: "reset", member: m })}
                    aria-label={`Reset password of ${m.name}`}
                    disabled={!m.active}
                  >
                    Reset password
                  </Button>
                  {m.id !== staffId && (
                    <Button
                      size="sm"
                      variant="ghost"
                      onClick={() => setOpen({ kind: "active", member: m })}
                      aria-label={`${m.active ? "Deactivate" : "Reactivate"} ${m.name}`}
                    >
                      {m.active ? "Deactivate" : "Reactivate"}
                    </Button>
                  )}
                </span>
              ),
            },
          ]}
        />
      )}

      {open?.kind === "add" && (
        <StaffDialog member={null} doctors={doctorList} timeZone={timeZone} onClose={close} />
      )}
      {open?.kind === "edit" && (
        <StaffDialog member={open.member} doctors={doctorList} timeZone={timeZone} onClose={close} />
      )}
      {open?.kind === "reset" && <ResetLinkDialog member={open.member} timeZone={timeZone} onClose={close} />}
      {open?.kind === "active" && (
        <ConfirmDialog
          title={open.member.active ? `Deactivate ${open.member.name}?` : `Reactivate ${open.member.name}?`}
          description={
            open.member.active
              ? "They are signed out everywhere and cannot sign in; their API tokens stop working."
              : "They can sign in again with their password."
          }
          confirmLabel={open.member.active ? "Deactivate" : "Reactivate"}
          pendingLabel="Saving…"
          danger={open.member.active}
          pending={setActive.isPending}
          error={setActive.error?.message ?? null}
          onConfirm={() => setActive.mutate({ staffId: open.member.id, active: !open.member.active })}
          onClose={close}
        />
      )}
    </Card>
  );
}

function StaffDialog({
  member,
  doctors,
  timeZone,
  onClose,
}: {
  member: AdminStaff | null;
  doctors: AdminDoctor[];
  timeZone: string;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState(member?.name ?? "");
  const [email, setEmail] = useState(member?.email ?? "");
  const [role, setRole] = useState<Role>(member?.role ?? "RECEPTIONIST");
  const [doctorId, setDoctorId] = useState(member?.doctor?.id ?? "");
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const [created, setCreated] = useState<{ url: string; expiresAt: Date | string } | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.adminStaff.list.queryKey() });
  const create = useMutation(
    trpc.adminStaff.create.mutationOptions({
      onSuccess: async (result) => {
        toast.success(`${name.trim()} added.`);
        await refresh();
        if (result.resetLink) setCreated(result.resetLink);
        else onClose();
      },
    }),
  );
  const update = useMutation(
    trpc.adminStaff.update.mutationOptions({
      onSuccess: async () => {
        toast.success(`${name.trim()} saved.`);
        await refresh();
        onClose();
      },
    }),
  );
  const pending = create.isPending || update.isPending;
  const server = formErrorsOf(create.error ?? update.error);
  const errors = { ...server.fields, ...clientErrors };
  const free = doctors.filter((d) => d.active && (!d.staff || d.staff.id === member?.id));

  if (created)
    return (
      <Dialog open onOpenChange={(o) => !o && onClose()} title={`${name.trim()} added`}>
        <div className="grid gap-4">
          <CopySecret
            label="One-time link to set a password"
            value={created.url}
            hint={`Hand this link to ${name.trim()}; it works once, until ${dateTime(created.expiresAt, timeZone)}. It is not shown again.`}
          />
          <div className="flex justify-end">
            <Button variant="primary" onClick={onClose}>
              Done
            </Button>
          </div>
        </div>
      </Dialog>
    );

  function submit() {
    const found: Record<string, string> = {};
    if (!name.trim()) found.name = "Enter their name.";
    if (!member && !/^\S+@\S+\.\S+$/.test(email.trim())) found.email = "Enter a valid email address.";
    if (role === "DOCTOR" && !doctorId) found.doctorId = "Choose the doctor this account belongs to.";
    setClientErrors(found);
    if (Object.keys(found).length > 0) return;
    const doctor = role === "DOCTOR" ? doctorId : null;
    if (member) update.mutate({ staffId: member.id, name: name.trim(), role, doctorId: doctor });
    else create.mutate({ name: name.trim(), email: email.trim(), role, doctorId: doctor });
  }

  return (
    <Dialog
      open
      onOpenChange={(o) => !o && onClose()}
      title={member ? `Edit ${member.name}` : "Add a staff member"}
      description={member ? undefined : "They get a one-time link to set their own password."}
    >
      <form
        noValidate
        className="grid gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <FormField label="Name" error={errors.name}>
          {(c) => (
            <Input
              {...c}
              value={name}
              maxLength={120}
              autoComplete="off"
              onChange={(e) => setName(e.target.value)}
            />
          )}
        </FormField>
        <FormField
          label="Email"
          error={errors.email}
          hint={member ? "The address they sign in with." : undefined}
        >
          {(c) => (
            <Input
              {...c}
              type="email"
              value={email}
              maxLength={254}
              autoComplete="off"
              readOnly={!!member}
              disabled={!!member}
              onChange={(e) => setEmail(e.target.value)}
            />
          )}
        </FormField>
        <div className="grid gap-3 sm:grid-cols-2">
          <FormField label="Role" error={errors.role}>
            {(c) => (
              <Select {...c} value={role} onChange={(e) => setRole(e.target.value as Role)}>
                {ROLES.map((r) => (
                  <option key={r.value} value={r.value}>
                    {r.label}
                  </option>
                ))}
              </Select>
            )}
          </FormField>
          {role === "DOCTOR" && (
            <FormField
              label="Doctor"
              error={errors.doctorId}
              hint="Their “My day” shows this doctor's queue."
            >
              {(c) => (
                <Select {...c} value={doctorId} onChange={(e) => setDoctorId(e.target.value)}>
                  <option value="">Choose…</option>
                  {free.map((d) => (
                    <option key={d.id} value={d.id}>
                      {d.name} · Room {d.room}
                    </option>
                  ))}
                </Select>
              )}
            </FormField>
          )}
        </div>
        {server.message && (
          <Banner tone="bad" role="alert" title="Not saved">
            {server.message}
          </Banner>
        )}
        <div className="flex flex-wrap justify-end gap-2">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" disabled={pending}>
            {pending ? "Saving…" : member ? "Save" : "Add staff member"}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

function ResetLinkDialog({
  member,
  timeZone,
  onClose,
}: {
  member: AdminStaff;
  timeZone: string;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const reset = useMutation(trpc.adminStaff.resetLink.mutationOptions());
  return (
    <Dialog
      open
      onOpenChange={(o) => !o && onClose()}
      title={`Reset the password of ${member.name}`}
      description={
        reset.data
          ? undefined
          : "You get a one-time link to hand to them; with it they choose a new password. Their current password keeps working until then."
      }
    >
      <div className="grid gap-4">
        {reset.data ? (
          <CopySecret
            label="One-time link to set a password"
            value={reset.data.url}
            hint={`Hand this link to ${member.name}; it works once, until ${dateTime(reset.data.expiresAt, timeZone)}. It is not shown again.`}
          />
        ) : null}
        {reset.isError && (
          <Banner tone="bad" role="alert" title="No link made">
            {reset.error.message}
          </Banner>
        )}
        <div className="flex flex-wrap justify-end gap-2">
          {reset.data ? (
            <Button variant="primary" onClick={onClose}>
              Done
            </Button>
          ) : (
            <>
              <Button onClick={onClose}>Cancel</Button>
              <Button
                variant="primary"
                disabled={reset.isPending}
                onClick={() => reset.mutate({ staffId: member.id })}
              >
                {reset.isPending ? "Making the link…" : "Make the link"}
              </Button>
            </>
          )}
        </div>
      </div>
    </Dialog>
  );
}

/** An address that may wrap after its "@" in a narrow column, not in the middle of a word. */
function EmailAddress({ email }: { email: string }) {
  const at = email.lastIndexOf("@");
  if (at < 0) return <span className="[overflow-wrap:anywhere]">{email}</span>;
  return (
    <span className="[overflow-wrap:anywhere]">
      {email.slice(0, at)}
      <wbr />@{email.slice(at + 1)}
    </span>
  );
}
