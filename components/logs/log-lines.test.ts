import { describe, expect, it } from "vitest";
import type { LogChunk } from "@/server/logs/service";
import { chunksToLines, displayText, matchRanges } from "./log-lines";

let seq = 0;
const out = (text: string): LogChunk => ({ seq: ++seq, stream: "stdout", text, createdAt: seq });
const err = (text: string): LogChunk => ({ seq: ++seq, stream: "stderr", text, createdAt: seq });
const view = (chunks: LogChunk[]) => chunksToLines(chunks).lines.map((l) => `${l.stream === "stderr" ? "E" : "O"}:${l.text}`);

describe("chunksToLines", () => {
  it("splits chunks into lines and drops the empty piece after a final newline", () => {
    seq = 0;
    expect(view([out("a\nb\n"), err("oops\n"), out("\n")])).toEqual(["O:a", "O:b", "E:oops", "O:"]);
  });

  it("joins a line split over chunks of one stream, across the other stream's output", () => {
    seq = 0;
    const chunks = [out("step 1 lo"), err("warn\n"), out("ss=0.5\nstep 2"), out(" done\n")];
    const { lines, lineOfFragment } = chunksToLines(chunks);
    expect(lines.map((l) => l.text)).toEqual(["step 1 loss=0.5", "warn", "step 2 done"]);
    expect(lines[0].key).toBe("1:0");
    expect([lineOfFragment.get("3:0"), lineOfFragment.get("3:1"), lineOfFragment.get("4:0")]).toEqual([0, 2, 2]);
  });

  it("shows the last redraw of a carriage-return progress line", () => {
    expect(displayText("10%\r50%\r100%")).toBe("100%");
    expect(displayText("done\r")).toBe("done");
    seq = 0;
    expect(view([out("a\r\n")])).toEqual(["O:a"]);
  });
});

describe("matchRanges", () => {
  it("finds every case-insensitive occurrence", () => {
    expect(matchRanges("Loss loss LOSS", "loss")).toEqual([
      [0, 4],
      [5, 9],
      [10, 14],
    ]);
    expect(matchRanges("abc", "")).toEqual([]);
  });
});
