import { describe, expect, it } from "vitest";
import { declareRestFuzz } from "../testing/rest-fuzz-runner";
import { FUZZ_ROUTES, REST_V1_FUZZ_ROUTES } from "../testing/rest-fuzz-routes";
import { REST_ROUTES } from "./rest-routes";

// Property-based fuzz of REST v1 and the session routes (the foreign doors: rest-fuzz-doors.test.ts; the two run side by side).
describe("REST fuzz: REST v1 and the session routes", () => {
  it("the fuzz covers every route of the REST table", () => {
    const fuzzed = new Set(FUZZ_ROUTES.map((r) => `${r.method} ${r.covers ?? r.path}`));
    expect(REST_ROUTES.map((r) => `${r.method} ${r.path}`).filter((r) => !fuzzed.has(r))).toEqual([]);
  });

  declareRestFuzz("REST fuzz, REST v1", REST_V1_FUZZ_ROUTES);
});
