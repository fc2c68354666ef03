import { memo } from "react";
import { formatClockTime } from "@/components/format/time";
import { matchRanges, type LogLine } from "./log-lines";

/** Height of one log line in px; the list is virtualised on it. */
export const LOG_LINE_HEIGHT = 18;
/** Longer lines are cut when drawn (search still finds the whole line). */
const MAX_DRAWN_CHARS = 10_000;


function Highlighted({ text, query }: { text: string; query: string }) {
  const ranges = matchRanges(text, query);
  if (!ranges.length) return <>{text}</>;
  const parts = [];
  let at = 0;
  for (const [start, end] of ranges) {
    if (start > at) parts.push(text.slice(at, start));
    parts.push(
      <mark key={start} className="rounded-sm bg-amber-300 text-slate-950">
        {text.slice(start, end)}
      </mark>,
    );
    at = end;
  }
  parts.push(text.slice(at));
  return <>{parts}</>;
}

/** One log line: time (when it changed), then the text; stderr tinted red, search hits marked. */
export const LogRow = memo(function LogRow({ line, showTime, query, active }: { line: LogLine; showTime: boolean; query: string; active: boolean }) {
  const long = line.text.length > MAX_DRAWN_CHARS;
  const text = long ? line.text.slice(0, MAX_DRAWN_CHARS) : line.text;
  const stderr = line.stream === "stderr";
  return (
    <div
      className={`flex border-l-2 pr-4 ${stderr ? "border-red-500/70 bg-red-500/10 text-red-200" : "border-transparent text-slate-200"} ${
        active ? "!bg-amber-400/25" : ""
      }`}
      style={{ height: LOG_LINE_HEIGHT }}
      data-stream={line.stream}
      data-testid="log-line"
    >
      <span className="w-[4.5rem] shrink-0 select-none pl-2 text-slate-500" aria-hidden={!showTime}>
        {showTime ? formatClockTime(line.at) : ""}
      </span>
      <span className="whitespace-pre">
        <Highlighted text={text} query={query} />
        {long && <span className="text-slate-500"> … {(line.text.length - MAX_DRAWN_CHARS).toLocaleString()} more characters</span>}
      </span>
    </div>
  );
});
