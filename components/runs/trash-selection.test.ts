import { describe, expect, it } from "vitest";
import { describeTrashResult, splitForDelete } from "./trash-selection";

describe("Delete on the selected runs", () => {
  it("skips launched runs still queued, starting or running, not runs a trainer logs on its own", () => {
    const recipe = "reference-joint-grpo";
    const runs = [
      { id: "a", status: "succeeded" as const, recipe },
      { id: "b", status: "running" as const, recipe },
      { id: "c", status: "failed" as const, recipe },
      { id: "d", status: "queued" as const, recipe },
      { id: "e", status: "starting" as const, recipe },
      { id: "f", status: "lost" as const, recipe },
      { id: "g", status: "running" as const, recipe: null },
    ];
    expect(splitForDelete(runs)).toEqual({ deletable: ["a", "c", "f", "g"], inFlight: ["b", "d", "e"] });
  });

  it("says what happened, and how many were skipped", () => {
    expect(describeTrashResult("deleted", 3, 0)).toBe("Moved 3 runs to the trash.");
    expect(describeTrashResult("deleted", 1, 1)).toBe("Moved 1 run to the trash. Skipped 1 run still queued or running (cancel it first).");
    expect(describeTrashResult("deleted", 0, 2)).toBe("Moved 0 runs to the trash. Skipped 2 runs still queued or running (cancel them first).");
    expect(describeTrashResult("restored", 2, 0, 1)).toBe("Restored 2 runs. 1 run could not be changed; try again.");
  });
});
