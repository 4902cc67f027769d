import { Skeleton, Spinner } from "@/components/ui/skeleton";

export default function Loading() {
  return (
    <main className="mx-auto grid max-w-[1200px] gap-4 px-4 py-6" aria-busy="true">
      <Skeleton className="h-12" />
      <Spinner label="Loading the doctor's day…" />
      <div className="grid gap-4 lg:grid-cols-2">
        <Skeleton className="h-56" />
        <Skeleton className="h-56" />
      </div>
      <Skeleton className="h-80" />
    </main>
  );
}
