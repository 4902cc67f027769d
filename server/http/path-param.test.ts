import { describe, expect, it } from "vitest";
import { pathParam } from "./path-param.ts";

describe("pathParam", () => {
  it("decodes a well-formed segment", () => {
    expect(pathParam("abc.def-ghi_")).toBe("abc.def-ghi_");
    expect(pathParam("caf%C3%A9")).toBe("café");
  });
  it.each(["%", "%E0", "%ZZ", "%C0%AE", "a%2", "%ff"])("keeps %s as it is rather than throwing", (raw) => {
    expect(pathParam(raw)).toBe(raw);
  });
});
