// What storage reports (a missing row, a unique clash, a deadlock), as errors staff can act on.
import { DomainError } from "../../domain/errors.ts";
import { Prisma } from "../generated/client.ts";

export class QueueDayMissing extends Error {
  constructor(readonly queueDayId: string) {
    super(`Queue day ${queueDayId} not found`);
  }
}

/** PostgreSQL rolled the transaction back (deadlock, serialization failure): safe to run again. */
export function isTransientConflict(err: unknown): boolean {
  return err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2034";
}

const CLASH_MESSAGE = "That change clashed with another one made at the same moment. Please try again.";

/** A unique constraint refused a write (e.g. the same walk-in form submitted twice at once). */
export class UniqueClash extends DomainError {
  constructor() {
    super("CONCURRENT_CHANGE", CLASH_MESSAGE);
  }
}

/** True when `err` is a unique-constraint violation, raw or already translated. */
export function isUniqueViolation(err: unknown): boolean {
  return (
    err instanceof UniqueClash ||
    (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002")
  );
}

/** Turns what storage reports into what staff can act on; anything unexpected passes through. */
export function storageErrorAsDomainError(err: unknown): unknown {
  if (err instanceof QueueDayMissing) return new DomainError("QUEUE_NOT_FOUND", "That queue does not exist.");
  if (!(err instanceof Prisma.PrismaClientKnownRequestError)) return err;
  switch (err.code) {
    case "P2025":
    case "P2001":
      return new DomainError("RECORD_GONE", "That record no longer exists. Refresh and try again.");
    case "P2002":
      return new UniqueClash();
    case "P2003":
      return new DomainError("REFERENCE_MISSING", "That refers to something that does not exist.");
    case "P2034":
      return new DomainError("CONCURRENT_CHANGE", CLASH_MESSAGE);
    default:
      return err;
  }
}
