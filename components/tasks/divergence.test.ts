import { describe, expect, it } from "vitest";
import { firstDivergence } from "./divergence";

const t = (index: number, turn: Record<string, unknown>) => ({ index, turn, clips: [] });
const sys = t(0, { role: "system", content: "You are an agent" });
const view = (i: number, path: string) => t(i, { role: "assistant", content: "look", toolCalls: [{ name: "view", arguments: { path } }] });
const obs = (i: number, text: string) => t(i, { role: "tool", observation: text });

describe("firstDivergence", () => {
  it("finds the first different tool call, ignoring observations", () => {
    const left = [sys, view(1, "a.py"), obs(2, "x"), view(3, "b.py")];
    const right = [sys, view(1, "a.py"), obs(2, "different output"), view(3, "c.py")];
    expect(firstDivergence(left, right, true)).toBe(3);
  });
  it("marks where one side ends when both are complete, and nothing in partial pages", () => {
    const left = [sys, view(1, "a.py")];
    const right = [sys, view(1, "a.py"), obs(2, "x")];
    expect(firstDivergence(left, right, true)).toBe(2);
    expect(firstDivergence(left, right, false)).toBeNull();
    expect(firstDivergence(left, left, true)).toBeNull();
  });
  it("compares assistant text when there is no tool call, and roles", () => {
    expect(firstDivergence([sys, t(1, { role: "assistant", content: "done" })], [sys, t(1, { role: "assistant", content: "submit" })], true)).toBe(1);
    expect(firstDivergence([sys, t(1, { role: "user", content: "a" })], [sys, t(1, { role: "assistant", content: "a" })], true)).toBe(1);
  });
});
