// The pieces every admin section is made of: its header (title, what it is for, its main action)
// and its data's states (loading, could not load, nothing yet, the data).
import type { ReactNode } from "react";
import { Banner } from "../ui/banner";
import { Button } from "../ui/button";
import { Skeleton } from "../ui/skeleton";

export function SectionHeader({
  title,
  description,
  action,
  onAction,
  actionDisabled,
}: {
  title: string;
  description?: string;
  action: string;
  onAction: () => void;
  actionDisabled?: boolean;
}) {
  const heading = <h2 className="m-0 text-xl font-bold">{title}</h2>;
  return (
    <div className="flex flex-wrap items-center justify-between gap-2">
      {description ? (
        <div>
          {heading}
          <p className="m-0 text-muted">{description}</p>
        </div>
      ) : (
        heading
      )}
      <Button variant="primary" onClick={onAction} disabled={actionDisabled}>
        {action}
      </Button>
    </div>
  );
}

/** A query's data once it is there; before that a placeholder, or why it could not be loaded. */
export function QueryState<T>({
  query,
  failTitle,
  skeletonClassName = "h-48",
  empty,
  children,
}: {
  query: { isPending: boolean; error: { message: string } | null; data: T | undefined };
  failTitle: string;
  skeletonClassName?: string;
  /** Shown instead of an empty list (a text comes as a muted paragraph). */
  empty?: ReactNode;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <Skeleton className={skeletonClassName} />;
  if (query.error)
    return (
      <Banner tone="bad" role="alert" title={failTitle}>
        {query.error.message}
      </Banner>
    );
  const data = query.data as T;
  if (empty !== undefined && Array.isArray(data) && data.length === 0)
    return typeof empty === "string" ? <p className="m-0 text-muted">{empty}</p> : empty;
  return children(data);
}
