"use client";
import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "../trpc";

export function StaffHeader({ name, role, hospital }: { name: string; role: string; hospital: string }) {
  const trpc = useTRPC();
  const logout = useMutation(
    trpc.auth.logout.mutationOptions({ onSuccess: () => window.location.assign("/login") }),
  );
  return (
    <header className="header">
      <strong>{hospital}</strong>
      <span style={{ display: "flex", gap: "0.8rem", alignItems: "center" }}>
        <span>
          {name} · {role.toLowerCase()}
        </span>
        <button type="button" onClick={() => logout.mutate()}>
          Sign out
        </button>
      </span>
    </header>
  );
}
