"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTRPC } from "../trpc";

export function StaffHeader({ name, role, hospital }: { name: string; role: string; hospital: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const logout = useMutation(trpc.auth.logout.mutationOptions({ onSuccess: () => router.replace("/login") }));
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
