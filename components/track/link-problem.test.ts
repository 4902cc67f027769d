import { describe, expect, it } from "vitest";
import { linkProblemOf } from "./link-problem";

describe("linkProblemOf", () => {
  it("words each link reason, whatever the message says", () => {
    expect(linkProblemOf("LINK_EXPIRED")).toBe("expired");
    expect(linkProblemOf("LINK_REPLACED")).toBe("replaced");
    expect(linkProblemOf("APPOINTMENT_MOVED")).toBe("moved");
    expect(linkProblemOf("LINK_INVALID")).toBe("invalid");
    expect(linkProblemOf("APPOINTMENT_NOT_FOUND")).toBe("notFound");
  });

  it("takes a bare status (a schema's refusal, an older server) for the link problem it means", () => {
    expect(linkProblemOf("BAD_REQUEST")).toBe("invalid");
    expect(linkProblemOf("NOT_FOUND")).toBe("notFound");
  });

  it("leaves limits, faults and anything unknown as 'try again later'", () => {
    for (const reason of ["TOO_MANY_REQUESTS", "INTERNAL_SERVER_ERROR", "QUEUE_PAUSED", "toString", ""])
      expect(linkProblemOf(reason)).toBe("unavailable");
  });
});
