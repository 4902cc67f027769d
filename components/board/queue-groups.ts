// The board's groups of a doctor's queue: what each group's heading says.

/** The heading over called patients and the one in the room: only what the group holds. */
export function withDoctorHeading(entries: readonly { status: string }[]): string {
  const called = entries.some((e) => e.status === "CALLED");
  const inRoom = entries.some((e) => e.status === "IN_CONSULTATION");
  return called && inRoom ? "Called and with the doctor" : called ? "Called" : "With the doctor";
}
