"use client";
// The hospital's staff accounts: add one with a role (a doctor account names its doctor), change
// role or doctor, deactivate and reactivate, and hand out a one-time link to set a new password.
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "../trpc";
import { Card } from "../ui/card";
import { Select } from "../ui/field";
import { AdminTable } from "./admin-table";
import { CopySecret } from "./copy-secret";
import { FormDialog } from "./form-dialog";
import { FormField, NameField, TextField } from "./form-field";
import { dateTime } from "./format";
import { ActiveDialog, ActiveToggle, actionsColumn, activeColumn, RowButton } from "./row-actions";
import { QueryState, SectionHeader } from "./section";
import type { AdminDoctor, AdminStaff } from "./types";
import { useDialog } from "./use-dialog";
import { useFormErrors } from "./use-form-errors";
import { useSaved } from "./use-saved";

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
  const staff = useQuery(trpc.adminStaff.list.queryOptions());
  const doctors = useQuery(trpc.adminDoctors.list.queryOptions());
  const [open, setOpen] = useDialog<Open>();
  const saved = useSaved(trpc.adminStaff.list.queryKey());
  const setActive = useMutation(
    trpc.adminStaff.update.mutationOptions({
      onSuccess: (_, input) =>
        saved(input.active ? "Account reactivated." : "Account deactivated: they are signed out.", () =>
          setOpen(null),
        ),
    }),
  );
  const close = () => setOpen(null);
  const doctorList = doctors.data ?? [];

  return (
    <Card className="grid gap-4">
      <SectionHeader title="Staff" action="Add a staff member" onAction={() => setOpen({ kind: "add" })} />
      <QueryState query={staff} failTitle="Could not load the staff">
        {(rows) => (
          <AdminTable
            caption="Staff accounts"
            rows={rows}
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
              activeColumn(),
              actionsColumn<AdminStaff>((m) => (
                <>
                  <RowButton onClick={() => setOpen({ kind: "edit", member: m })} label={`Edit ${m.name}`}>
                    Edit
                  </RowButton>
                  <RowButton
                    onClick={() => setOpen({ kind: "reset", member: m })}
                    label={`Reset password of ${m.name}`}
                    disabled={!m.active}
                  >
                    Reset password
                  </RowButton>
                  {m.id !== staffId && (
                    <ActiveToggle row={m} onClick={() => setOpen({ kind: "active", member: m })} />
                  )}
                </>
              )),
            ]}
          />
        )}
      </QueryState>

      {open?.kind === "add" && (
        <StaffDialog member={null} doctors={doctorList} timeZone={timeZone} onClose={close} />
      )}
      {open?.kind === "edit" && (
        <StaffDialog member={open.member} doctors={doctorList} timeZone={timeZone} onClose={close} />
      )}
      {open?.kind === "reset" && <ResetLinkDialog member={open.member} timeZone={timeZone} onClose={close} />}
      {open?.kind === "active" && (
        <ActiveDialog
          row={open.member}
          deactivates="They are signed out everywhere and cannot sign in; their API tokens stop working."
          reactivates="They can sign in again with their password."
          mutation={setActive}
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
  const [name, setName] = useState(member?.name ?? "");
  const [email, setEmail] = useState(member?.email ?? "");
  const [role, setRole] = useState<Role>(member?.role ?? "RECEPTIONIST");
  const [doctorId, setDoctorId] = useState(member?.doctor?.id ?? "");
  const [created, setCreated] = useState<{ url: string; expiresAt: Date | string } | null>(null);
  const saved = useSaved(trpc.adminStaff.list.queryKey());
  const create = useMutation(
    trpc.adminStaff.create.mutationOptions({
      onSuccess: (result) =>
        saved(`${name.trim()} added.`, () => (result.resetLink ? setCreated(result.resetLink) : onClose())),
    }),
  );
  const update = useMutation(
    trpc.adminStaff.update.mutationOptions({ onSuccess: () => saved(`${name.trim()} saved.`, onClose) }),
  );
  const save = member ? update : create;
  const { errors, passes } = useFormErrors(save.error);
  const free = doctors.filter((d) => d.active && (!d.staff || d.staff.id === member?.id));

  function submit() {
    const found: Record<string, string> = {};
    if (!name.trim()) found.name = "Enter their name.";
    if (!member && !/^\S+@\S+\.\S+$/.test(email.trim())) found.email = "Enter a valid email address.";
    if (role === "DOCTOR" && !doctorId) found.doctorId = "Choose the doctor this account belongs to.";
    if (!passes(found)) return;
    const doctor = role === "DOCTOR" ? doctorId : null;
    if (member) update.mutate({ staffId: member.id, name: name.trim(), role, doctorId: doctor });
    else create.mutate({ name: name.trim(), email: email.trim(), role, doctorId: doctor });
  }

  return (
    <FormDialog
      title={created ? `${name.trim()} added` : member ? `Edit ${member.name}` : "Add a staff member"}
      description={member ? undefined : "They get a one-time link to set their own password."}
      onClose={onClose}
      onSubmit={submit}
      mutation={save}
      problemTitle="Not saved"
      submitLabel={member ? "Save" : "Add staff member"}
      done={
        created && (
          <CopySecret
            label="One-time link to set a password"
            value={created.url}
            hint={`Hand this link to ${name.trim()}; it works once, until ${dateTime(created.expiresAt, timeZone)}. It is not shown again.`}
          />
        )
      }
    >
      <NameField value={name} onValue={setName} error={errors.name} maxLength={120} />
      <TextField
        label="Email"
        error={errors.email}
        hint={member ? "The address they sign in with." : undefined}
        type="email"
        value={email}
        maxLength={254}
        autoComplete="off"
        readOnly={!!member}
        disabled={!!member}
        onValue={setEmail}
      />
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
          <FormField label="Doctor" error={errors.doctorId} hint="Their “My day” shows this doctor's queue.">
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
    </FormDialog>
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
    <FormDialog
      title={`Reset the password of ${member.name}`}
      description="You get a one-time link to hand to them; with it they choose a new password. Their current password keeps working until then."
      formClassName="grid gap-4"
      onClose={onClose}
      onSubmit={() => reset.mutate({ staffId: member.id })}
      mutation={reset}
      problem={reset.error?.message}
      problemTitle="No link made"
      submitLabel="Make the link"
      pendingLabel="Making the link…"
      done={
        reset.data && (
          <CopySecret
            label="One-time link to set a password"
            value={reset.data.url}
            hint={`Hand this link to ${member.name}; it works once, until ${dateTime(reset.data.expiresAt, timeZone)}. It is not shown again.`}
          />
        )
      }
    />
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
