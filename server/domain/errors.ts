// Domain errors carry a code that the tRPC layer maps to a status (server/trpc/errors.ts) and a
// message written for clinic staff or patients, shown as is.
export type DomainErrorCode = "BAD_REQUEST" | "CONFLICT" | "NOT_FOUND" | "FORBIDDEN";

export class DomainError extends Error {
  override readonly name = "DomainError";

  constructor(
    readonly code: DomainErrorCode,
    message: string,
  ) {
    super(message);
  }
}
