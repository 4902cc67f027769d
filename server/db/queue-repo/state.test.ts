// The statuses stored are exactly the domain's list, in the same order: a status added to one and
// not the other fails here, not in a clinic.
import { describe, expect, it } from "vitest";
import { APPOINTMENT_STATUSES } from "../../domain/types.ts";
import { AppointmentStatus } from "../generated/enums.ts";

describe("appointment statuses", () => {
  it("are the same list in storage and in the domain", () => {
    expect(Object.values(AppointmentStatus)).toEqual([...APPOINTMENT_STATUSES]);
  });
});
