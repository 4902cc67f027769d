import { describe, expect, it } from "vitest";
import { withDoctorHeading } from "./queue-groups.ts";

describe("withDoctorHeading", () => {
  it("names only what the group holds", () => {
    expect(withDoctorHeading([{ status: "IN_CONSULTATION" }])).toBe("With the doctor");
    expect(withDoctorHeading([{ status: "CALLED" }])).toBe("Called");
    expect(withDoctorHeading([{ status: "IN_CONSULTATION" }, { status: "CALLED" }])).toBe(
      "Called and with the doctor",
    );
  });
});
