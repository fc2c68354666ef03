import { describe, expect, it } from "vitest";
import type { LogChunk } from "@/server/logs/service";
import { appendPage, EMPTY_WINDOW, hasNewer, hasOlder, prependPage, replaceWindow, windowEnd, windowStart } from "./log-window";

const chunk = (seq: number, text = "0123456789"): LogChunk => ({ seq, stream: "stdout", text, createdAt: seq });
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => chunk(from + i));
const seqs = (w: { chunks: LogChunk[] }) => w.chunks.map((c) => c.seq);

describe("log window", () => {
  it("knows what lies before and after it", () => {
    expect(hasNewer(EMPTY_WINDOW)).toBe(false);
    const w = replaceWindow({ chunks: range(8, 10), firstSeq: 1, lastSeq: 10 });
    expect([hasOlder(w), hasNewer(w), windowStart(w), windowEnd(w)]).toEqual([true, false, 8, 10]);
    expect(hasNewer({ ...w, lastSeq: 12 })).toBe(true);
    expect(hasNewer(replaceWindow({ chunks: [], firstSeq: 0, lastSeq: 0 }))).toBe(false);
  });

  it("appends newer chunks once, and drops the oldest past the budget", () => {
    const w = replaceWindow({ chunks: range(1, 3), firstSeq: 1, lastSeq: 3 });
    const grown = appendPage(w, { chunks: range(3, 5), firstSeq: 1, lastSeq: 5 });
    expect(seqs(grown)).toEqual([1, 2, 3, 4, 5]);
    const trimmed = appendPage(grown, { chunks: range(6, 7), firstSeq: 1, lastSeq: 7 }, 40);
    expect(seqs(trimmed)).toEqual([4, 5, 6, 7]);
    expect(hasOlder(trimmed)).toBe(true);
  });

  it("prepends older chunks, and drops the newest past the budget", () => {
    const w = replaceWindow({ chunks: range(5, 7), firstSeq: 1, lastSeq: 7 });
    const grown = prependPage(w, { chunks: range(2, 5), firstSeq: 1, lastSeq: 7 }, 50);
    expect(seqs(grown)).toEqual([2, 3, 4, 5, 6]);
    expect(hasNewer(grown)).toBe(true);
  });

  it("keeps a page that alone is over the budget", () => {
    const w = replaceWindow({ chunks: range(1, 1), firstSeq: 1, lastSeq: 1 });
    expect(seqs(appendPage(w, { chunks: [chunk(2, "x".repeat(100))], firstSeq: 1, lastSeq: 2 }, 50))).toEqual([2]);
  });
});
