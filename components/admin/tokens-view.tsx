"use client";
// API tokens: every token of the hospital (whose, what it may do, when it was last used, when it
// expires), revoke any; and mint one for yourself, its secret shown once.
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { SCOPE_LABELS, SCOPES, type Scope } from "@/server/auth/scopes";
import { businessNow } from "../business-time";
import { useTRPC } from "../trpc";
import { Card } from "../ui/card";
import { Badge } from "../ui/status-chip";
import { AdminTable } from "./admin-table";
import { CopySecret } from "./copy-secret";
import { FormDialog } from "./form-dialog";
import { Checkbox, NameField, TextField } from "./form-field";
import { dateTime } from "./format";
import { ActiveBadge, RevokeDialog, RevokedState, revokeColumn } from "./row-actions";
import { QueryState, SectionHeader } from "./section";
import type { HospitalToken } from "./types";
import { useDialog } from "./use-dialog";
import { useFormErrors } from "./use-form-errors";
import { useSaved } from "./use-saved";

function tokenState(t: HospitalToken, nowMs: number, timeZone: string) {
  if (t.revokedAt) return <RevokedState at={t.revokedAt} timeZone={timeZone} />;
  if (t.expiresAt && new Date(t.expiresAt).getTime() <= nowMs) return <Badge tone="warn">Expired</Badge>;
  return <ActiveBadge active />;
}

export function TokensView({ timeZone }: { timeZone: string; staffId: string }) {
  const trpc = useTRPC();
  const tokens = useQuery(trpc.adminStaff.tokens.queryOptions());
  const [creating, setCreating] = useDialog<true>();
  const [revoking, setRevoking] = useDialog<HospitalToken>();
  const saved = useSaved(trpc.adminStaff.tokens.queryKey());
  const revoke = useMutation(
    trpc.adminStaff.revokeToken.mutationOptions({
      onSuccess: () => saved("Token revoked: it no longer works.", () => setRevoking(null)),
    }),
  );
  const nowMs = businessNow();

  return (
    <Card className="grid gap-4">
      <SectionHeader
        title="API tokens"
        description="For other systems that book or read queues. A token never does more than its owner's role."
        action="Create a token"
        onAction={() => setCreating(true)}
      />
      <QueryState query={tokens} failTitle="Could not load the tokens" empty="No tokens yet.">
        {(rows) => (
          <AdminTable
            caption="API tokens of the hospital"
            rows={rows}
            rowKey={(t) => t.id}
            muted={(t) => !!t.revokedAt}
            columns={[
              {
                label: "Token",
                cell: (t) => (
                  <span>
                    <span className="font-semibold text-ink">{t.name}</span>
                    <span className="block font-mono text-sm text-muted">{t.prefix}…</span>
                  </span>
                ),
              },
              { label: "Owner", cell: (t) => t.staff.name },
              { label: "Scopes", cell: (t) => t.scopes.join(", ") },
              { label: "Created", cell: (t) => dateTime(t.createdAt, timeZone) },
              {
                label: "Last used",
                cell: (t) => (t.lastUsedAt ? dateTime(t.lastUsedAt, timeZone) : "Never"),
              },
              { label: "Expires", cell: (t) => (t.expiresAt ? dateTime(t.expiresAt, timeZone) : "Never") },
              { label: "Status", cell: (t) => tokenState(t, nowMs, timeZone) },
              revokeColumn<HospitalToken>("token", setRevoking),
            ]}
          />
        )}
      </QueryState>
      {creating && <CreateTokenDialog timeZone={timeZone} onClose={() => setCreating(null)} />}
      {revoking && (
        <RevokeDialog
          title={`Revoke “${revoking.name}”?`}
          description={`Systems using it (owner: ${revoking.staff.name}) are refused from now on. This cannot be undone.`}
          mutation={revoke}
          onConfirm={() => revoke.mutate({ tokenId: revoking.id })}
          onClose={() => setRevoking(null)}
        />
      )}
    </Card>
  );
}

function CreateTokenDialog({ timeZone, onClose }: { timeZone: string; onClose: () => void }) {
  const trpc = useTRPC();
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<Scope[]>(["read"]);
  const [days, setDays] = useState("90");
  const saved = useSaved(trpc.adminStaff.tokens.queryKey());
  const create = useMutation(
    trpc.staff.createToken.mutationOptions({ onSuccess: () => saved("Token created. Copy its secret now.") }),
  );
  const { errors, passes } = useFormErrors(create.error);

  return (
    <FormDialog
      title={create.data ? `Token “${create.data.name}” created` : "Create a token"}
      description="The token is yours: it acts as you, with the scopes you choose."
      onClose={onClose}
      onSubmit={() => {
        const found: Record<string, string> = {};
        const n = Number(days);
        if (!name.trim()) found.name = "Name the token after the system that uses it.";
        if (scopes.length === 0) found.scopes = "Choose at least one scope.";
        if (!(Number.isInteger(n) && n >= 1 && n <= 730)) found.expiresInDays = "Enter 1 to 730 days.";
        if (passes(found)) create.mutate({ name: name.trim(), scopes, expiresInDays: n });
      }}
      mutation={create}
      problemTitle="No token made"
      submitLabel="Create token"
      pendingLabel="Creating…"
      done={
        create.data && (
          <>
            <CopySecret
              label="Secret"
              value={create.data.secret}
              hint={`Shown only now: store it where the other system keeps secrets. It works until ${dateTime(create.data.expiresAt, timeZone)}.`}
            />
            <p className="m-0 text-muted">
              Send it as <code className="font-mono">Authorization: Bearer …</code>.
            </p>
          </>
        )
      }
    >
      <NameField
        value={name}
        onValue={setName}
        error={errors.name}
        hint="Such as “Booking website”."
        maxLength={80}
      />
      <fieldset
        className="m-0 grid gap-0 border-0 p-0"
        aria-describedby={errors.scopes ? "scopes-error" : undefined}
      >
        <legend className="p-0 font-semibold">Scopes</legend>
        {SCOPES.map((scope) => (
          <Checkbox
            key={scope}
            label={
              <span>
                {scope} <span className="font-normal text-muted">— {SCOPE_LABELS[scope]}</span>
              </span>
            }
            checked={scopes.includes(scope)}
            onChange={(on) => setScopes(SCOPES.filter((s) => (s === scope ? on : scopes.includes(s))))}
          />
        ))}
        {errors.scopes && (
          <p id="scopes-error" className="m-0 text-sm font-semibold text-bad">
            {errors.scopes}
          </p>
        )}
      </fieldset>
      <TextField
        label="Expires after (days)"
        error={errors.expiresInDays}
        hint="1 to 730 days."
        type="number"
        inputMode="numeric"
        min={1}
        max={730}
        value={days}
        onValue={setDays}
        className="max-w-40"
      />
    </FormDialog>
  );
}
