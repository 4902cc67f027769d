import { Skeleton, Spinner } from "@/components/ui/skeleton";

export default function Loading() {
  return (
    <main className="mx-auto grid max-w-[1200px] gap-4 px-4 py-6" aria-busy="true">
      <Skeleton className="h-12" />
      <Spinner label="Loading the board…" />
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        <Skeleton className="h-28" />
        <Skeleton className="h-28" />
        <Skeleton className="h-28" />
      </div>
      <Skeleton className="h-96" />
    </main>
  );
}
