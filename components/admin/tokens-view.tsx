"use client";
// API tokens: every token of the hospital (whose, what it may do, when it was last used, when it
// expires), revoke any; and mint one for yourself, its secret shown once.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { SCOPE_LABELS, SCOPES, type Scope } from "@/server/auth/scopes";
import { businessNow } from "../business-time";
import { useTRPC } from "../trpc";
import { Banner } from "../ui/banner";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { Dialog } from "../ui/dialog";
import { Input } from "../ui/field";
import { Skeleton } from "../ui/skeleton";
import { Badge } from "../ui/status-chip";
import { AdminTable } from "./admin-table";
import { ConfirmDialog } from "./confirm-dialog";
import { CopySecret } from "./copy-secret";
import { formErrorsOf } from "./errors";
import { Checkbox, FormField } from "./form-field";
import { dateTime } from "./format";
import type { HospitalToken } from "./types";
import { useDialog } from "./use-dialog";

function tokenState(t: HospitalToken, nowMs: number, timeZone: string) {
  if (t.revokedAt)
    return (
      <span>
        <Badge tone="neutral">Revoked</Badge>
        <span className="block text-sm">{dateTime(t.revokedAt, timeZone)}</span>
      </span>
    );
  if (t.expiresAt && new Date(t.expiresAt).getTime() <= nowMs) return <Badge tone="warn">Expired</Badge>;
  return <Badge tone="ok">Active</Badge>;
}

export function TokensView({ timeZone }: { timeZone: string; staffId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const tokens = useQuery(trpc.adminStaff.tokens.queryOptions());
  const [creating, setCreating] = useDialog<true>();
  const [revoking, setRevoking] = useDialog<HospitalToken>();
  const revoke = useMutation(
    trpc.adminStaff.revokeToken.mutationOptions({
      onSuccess: async () => {
        toast.success("Token revoked: it no longer works.");
        await queryClient.invalidateQueries({ queryKey: trpc.adminStaff.tokens.queryKey() });
        setRevoking(null);
      },
    }),
  );
  const nowMs = businessNow();

  return (
    <Card className="grid gap-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div>
          <h2 className="m-0 text-xl font-bold">API tokens</h2>
          <p className="m-0 text-muted">
            For other systems that book or read queues. A token never does more than its owner's role.
          </p>
        </div>
        <Button variant="primary" onClick={() => setCreating(true)}>
          Create a token
        </Button>
      </div>
      {tokens.isPending ? (
        <Skeleton className="h-48" />
      ) : tokens.isError ? (
        <Banner tone="bad" role="alert" title="Could not load the tokens">
          {tokens.error.message}
        </Banner>
      ) : tokens.data.length === 0 ? (
        <p className="m-0 text-muted">No tokens yet.</p>
      ) : (
        <AdminTable
          caption="API tokens of the hospital"
          rows={tokens.data}
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
            { label: "Last used", cell: (t) => (t.lastUsedAt ? dateTime(t.lastUsedAt, timeZone) : "Never") },
            { label: "Expires", cell: (t) => (t.expiresAt ? dateTime(t.expiresAt, timeZone) : "Never") },
            { label: "Status", cell: (t) => tokenState(t, nowMs, timeZone) },
            {
              label: "Actions",
              actions: true,
              cell: (t) =>
                t.revokedAt ? null : (
                  <Button
                    size="sm"
                    variant="ghost"
                    onClick={() => setRevoking(t)}
                    aria-label={`Revoke the token ${t.name}`}
                  >
                    Revoke
                  </Button>
                ),
            },
          ]}
        />
      )}
      {creating && <CreateTokenDialog timeZone={timeZone} onClose={() => setCreating(null)} />}
      {revoking && (
        <ConfirmDialog
          title={`Revoke “${revoking.name}”?`}
          description={`Systems using it (owner: ${revoking.staff.name}) are refused from now on. This cannot be undone.`}
          confirmLabel="Revoke"
          pendingLabel="Revoking…"
          pending={revoke.isPending}
          error={revoke.error?.message ?? null}
          onConfirm={() => revoke.mutate({ tokenId: revoking.id })}
          onClose={() => {
            revoke.reset();
            setRevoking(null);
          }}
        />
      )}
    </Card>
  );
}

function CreateTokenDialog({ timeZone, onClose }: { timeZone: string; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<Scope[]>(["read"]);
  const [days, setDays] = useState("90");
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const create = useMutation(
    trpc.staff.createToken.mutationOptions({
      onSuccess: async () => {
        toast.success("Token created. Copy its secret now.");
        await queryClient.invalidateQueries({ queryKey: trpc.adminStaff.tokens.queryKey() });
      },
    }),
  );
  const server = formErrorsOf(create.error);
  const errors = { ...server.fields, ...clientErrors };

  if (create.data)
    return (
      <Dialog open onOpenChange={(o) => !o && onClose()} title={`Token “${create.data.name}” created`}>
        <div className="grid gap-4">
          <CopySecret
            label="Secret"
            value={create.data.secret}
            hint={`Shown only now: store it where the other system keeps secrets. It works until ${dateTime(create.data.expiresAt, timeZone)}.`}
          />
          <p className="m-0 text-muted">
            Send it as <code className="font-mono">Authorization: Bearer …</code>.
          </p>
          <div className="flex justify-end">
            <Button variant="primary" onClick={onClose}>
              Done
            </Button>
          </div>
        </div>
      </Dialog>
    );

  return (
    <Dialog
      open
      onOpenChange={(o) => !o && onClose()}
      title="Create a token"
      description="The token is yours: it acts as you, with the scopes you choose."
    >
      <form
        noValidate
        className="grid gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          const found: Record<string, string> = {};
          const n = Number(days);
          if (!name.trim()) found.name = "Name the token after the system that uses it.";
          if (scopes.length === 0) found.scopes = "Choose at least one scope.";
          if (!(Number.isInteger(n) && n >= 1 && n <= 730)) found.expiresInDays = "Enter 1 to 730 days.";
          setClientErrors(found);
          if (Object.keys(found).length > 0) return;
          create.mutate({ name: name.trim(), scopes, expiresInDays: n });
        }}
      >
        <FormField label="Name" error={errors.name} hint="Such as “Booking website”.">
          {(c) => (
            <Input
              {...c}
              value={name}
              maxLength={80}
              autoComplete="off"
              onChange={(e) => setName(e.target.value)}
            />
          )}
        </FormField>
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
        <FormField label="Expires after (days)" error={errors.expiresInDays} hint="1 to 730 days.">
          {(c) => (
            <Input
              {...c}
              type="number"
              inputMode="numeric"
              min={1}
              max={730}
              value={days}
              onChange={(e) => setDays(e.target.value)}
              className="max-w-40"
            />
          )}
        </FormField>
        {server.message && (
          <Banner tone="bad" role="alert" title="No token made">
            {server.message}
          </Banner>
        )}
        <div className="flex flex-wrap justify-end gap-2">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" disabled={create.isPending}>
            {create.isPending ? "Creating…" : "Create token"}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
