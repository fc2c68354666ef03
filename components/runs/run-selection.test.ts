import { describe, expect, it } from "vitest";
import { clickRow, EMPTY_SELECTION, pruneSelection, selectedInOrder, toggleAllVisible } from "./run-selection";

const order = ["a", "b", "c", "d", "e"];
const ids = (s: { selected: ReadonlySet<string> }) => [...s.selected].sort();

describe("run selection", () => {
  it("toggles one row per click", () => {
    let s = clickRow(EMPTY_SELECTION, order, "b", false);
    expect(ids(s)).toEqual(["b"]);
    s = clickRow(s, order, "b", false);
    expect(ids(s)).toEqual([]);
  });
  it("selects the range from the anchor on shift-click, both directions", () => {
    let s = clickRow(EMPTY_SELECTION, order, "b", false);
    s = clickRow(s, order, "d", true);
    expect(ids(s)).toEqual(["b", "c", "d"]);
    s = clickRow(clickRow(EMPTY_SELECTION, order, "e", false), order, "c", true);
    expect(ids(s)).toEqual(["c", "d", "e"]);
  });
  it("clears the range when the shift-clicked row was selected", () => {
    let s = toggleAllVisible(EMPTY_SELECTION, order);
    s = clickRow(s, order, "a", false); // a off, anchor a
    s = clickRow(s, order, "c", true); // c was on → a..c off
    expect(ids(s)).toEqual(["d", "e"]);
  });
  it("treats shift without an anchor as a plain click", () => {
    expect(ids(clickRow(EMPTY_SELECTION, order, "c", true))).toEqual(["c"]);
  });
  it("selects all visible, then clears them", () => {
    const s = toggleAllVisible({ selected: new Set(["z"]), anchor: null }, ["a", "b"]);
    expect(ids(s)).toEqual(["a", "b", "z"]);
    expect(ids(toggleAllVisible(s, ["a", "b"]))).toEqual(["z"]);
  });
  it("prunes vanished runs and lists the selection in table order", () => {
    const s = { selected: new Set(["x", "c", "a"]), anchor: "x" };
    expect(pruneSelection(s, order)).toEqual({ selected: new Set(["c", "a"]), anchor: null });
    expect(selectedInOrder({ selected: new Set(["c", "z", "a"]), anchor: null }, order)).toEqual(["a", "c", "z"]);
  });
});
