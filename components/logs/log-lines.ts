import type { LogChunk } from "@/server/logs/service";

/** One displayed line of a run's log. */
export interface LogLine {
  /** `<seq>:<index>` of the fragment the line starts with: stable while more output arrives. */
  key: string;
  seq: number;
  stream: LogChunk["stream"];
  text: string;
  /** When the chunk holding the line's start was stored (ms). */
  at: number;
}

export interface LogLines {
  lines: LogLine[];
  /** Line index of each fragment `<seq>:<index>` (a chunk's text split at `\n`), so a search hit or a scroll anchor can be found. */
  lineOfFragment: Map<string, number>;
}

export const fragmentKey = (seq: number, index: number) => `${seq}:${index}`;

const splits = new WeakMap<LogChunk, string[]>();

/** A chunk's text split at `\n`, cached per chunk object (chunks are immutable once loaded). */
function fragmentsOf(chunk: LogChunk): string[] {
  let parts = splits.get(chunk);
  if (!parts) splits.set(chunk, (parts = chunk.text.split("\n")));
  return parts;
}

/** What a terminal would show of a line redrawn with `\r` (progress bars): the last non-empty redraw. */
export function displayText(raw: string): string {
  if (!raw.includes("\r")) return raw;
  const parts = raw.split("\r").filter((p) => p !== "");
  return parts.length ? parts[parts.length - 1] : "";
}

/**
 * Turns chunks (oldest first) into lines. Output arrives in pieces, so a
 * chunk that does not end with `\n` leaves its last line open, and the next
 * chunk of the same stream continues it, even when the other stream wrote in between.
 */
export function chunksToLines(chunks: readonly LogChunk[]): LogLines {
  const lines: LogLine[] = [];
  const raw: string[] = [];
  const lineOfFragment = new Map<string, number>();
  const open: Partial<Record<LogChunk["stream"], number>> = {};

  for (const chunk of chunks) {
    const parts = fragmentsOf(chunk);
    const last = parts.length - 1;
    for (let i = 0; i <= last; i++) {
      const part = parts[i];
      // The empty piece after a final "\n" is no line.
      if (i === last && part === "" && last > 0) {
        delete open[chunk.stream];
        break;
      }
      const continued = i === 0 ? open[chunk.stream] : undefined;
      if (continued !== undefined) {
        raw[continued] += part;
        lineOfFragment.set(fragmentKey(chunk.seq, i), continued);
      } else {
        lineOfFragment.set(fragmentKey(chunk.seq, i), lines.length);
        raw.push(part);
        lines.push({ key: fragmentKey(chunk.seq, i), seq: chunk.seq, stream: chunk.stream, text: "", at: chunk.createdAt });
      }
      if (i === last) open[chunk.stream] = continued ?? lines.length - 1;
    }
  }
  for (let i = 0; i < lines.length; i++) lines[i].text = displayText(raw[i].endsWith("\r") ? raw[i].slice(0, -1) : raw[i]);
  return { lines, lineOfFragment };
}

/** Where `needle` occurs in `text`, case-insensitively, as [start, end) ranges. */
export function matchRanges(text: string, needle: string): [number, number][] {
  if (!needle) return [];
  const hay = text.toLowerCase();
  const n = needle.toLowerCase();
  const out: [number, number][] = [];
  for (let at = hay.indexOf(n); at >= 0; at = hay.indexOf(n, at + n.length)) out.push([at, at + n.length]);
  return out;
}
