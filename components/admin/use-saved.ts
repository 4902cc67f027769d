"use client";
// What a successful admin change does: says so in a toast, then reloads the list it changed (and
// only then, for example, closes the dialog, so the list behind it already shows the change).
import { type QueryKey, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";

export function useSaved(queryKey: QueryKey) {
  const queryClient = useQueryClient();
  return async (message: string, then?: () => void) => {
    toast.success(message);
    await queryClient.invalidateQueries({ queryKey });
    then?.();
  };
}
