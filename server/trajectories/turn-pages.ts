import { z } from "zod";
import type { Db } from "@/db";
import { BadRequestError } from "../errors";
import { parseOrThrow } from "../validation";
import type { BlobStore } from "./blob-store";
import { loadTrajectory, type TrajectoryBody } from "./body-cache";
import { clipJson, type JsonClip } from "./clip-json";
import type { TrajectoryIndexRow } from "./list-query";

/**
 * A trajectory is read in pieces so that any size opens: the header (index row,
 * task text, verifier, metadata — each clipped) and pages of turns bounded in
 * count and bytes. Long strings are cut and listed in `clips`; a page asked with
 * a larger `maxStringChars` returns them whole.
 */

const KNOWN_TOP_LEVEL = new Set(["skill", "taskId", "step", "groupKey", "sampleIndex", "reward", "passed", "advantage", "turns", "verifier", "metadata"]);

export interface TaskText {
  text: string;
  /** Where it came from: a metadata path, or `turn N` for a user turn. */
  source: string;
  /** Characters of the whole text; more than `text.length` when it was clipped. */
  size: number;
}

export interface TrajectoryHeader {
  index: TrajectoryIndexRow;
  task: TaskText | null;
  issueUrl: string | null;
  verifier: Record<string, unknown>;
  verifierClips: JsonClip[];
  metadata: Record<string, unknown>;
  metadataClips: JsonClip[];
  /** Top-level fields beyond the trajectory JSON's own. */
  extra: Record<string, unknown>;
  turnCount: number;
  roleCounts: Record<string, number>;
  toolCallCount: number;
}

const TASK_TEXT_MAX = 50_000;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The text of a message content: a string, or OpenAI-style parts with `text`. */
export function contentText(content: unknown): string | null {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    const parts = content.flatMap((p) => (typeof p === "string" ? [p] : isRecord(p) && typeof p.text === "string" ? [p.text] : []));
    return parts.length ? parts.join("\n") : null;
  }
  return null;
}

const METADATA_TASK_PATHS = [
  ["problemStatement"],
  ["problem_statement"],
  ["instance", "problem_statement"],
  ["issue"],
  ["task"],
  ["prompt"],
  ["instruction"],
];

/**
 * The task and issue text: a metadata field that holds it (problem statement,
 * issue, task, prompt, instruction) or else the longest user turn before the
 * first assistant turn that is not a demonstration or a retrieval notice.
 */
export function findTaskText(body: TrajectoryBody): { text: string; source: string } | null {
  const meta = isRecord(body.metadata) ? body.metadata : {};
  for (const path of METADATA_TASK_PATHS) {
    let v: unknown = meta;
    for (const k of path) v = isRecord(v) ? v[k] : undefined;
    if (typeof v === "string" && v.trim()) return { text: v, source: `metadata.${path.join(".")}` };
  }
  const turns = Array.isArray(body.turns) ? body.turns : [];
  let best: { text: string; source: string } | null = null;
  for (let i = 0; i < turns.length; i++) {
    const turn = turns[i];
    if (!isRecord(turn)) continue;
    if (turn.role === "assistant") break;
    if (turn.role !== "user") continue;
    const text = contentText(turn.content);
    if (!text || /^\s*(here is a demonstration|retrieving content for)/i.test(text)) continue;
    if (!best || text.length > best.text.length) best = { text, source: `turn ${i}` };
  }
  return best;
}

function issueUrl(body: TrajectoryBody): string | null {
  const meta = isRecord(body.metadata) ? body.metadata : {};
  const ps = meta.problemStatement;
  const url = isRecord(ps) ? ps.github_url ?? ps.url : meta.issueUrl ?? meta.issue_url;
  return typeof url === "string" && /^https?:\/\//.test(url) ? url : null;
}

/** Everything of a trajectory but its turns, clipped for the browser. */
export function readTrajectoryHeader(db: Db, blobs: BlobStore, id: number): TrajectoryHeader {
  const { index, body } = loadTrajectory(db, blobs, id);
  const turns = Array.isArray(body.turns) ? body.turns : [];
  const roleCounts: Record<string, number> = {};
  let toolCallCount = 0;
  for (const turn of turns) {
    const role = isRecord(turn) && typeof turn.role === "string" ? turn.role : "unknown";
    roleCounts[role] = (roleCounts[role] ?? 0) + 1;
    if (isRecord(turn) && Array.isArray(turn.toolCalls)) toolCallCount += turn.toolCalls.length;
  }
  const task = findTaskText(body);
  const verifier = clipJson(isRecord(body.verifier) ? body.verifier : {}, { maxString: 200_000, maxArray: 2_000 });
  const metadata = clipJson(isRecord(body.metadata) ? body.metadata : {}, { maxString: 5_000, maxArray: 100, maxKeys: 300, maxDepth: 12 });
  const extra = clipJson(
    Object.fromEntries(Object.entries(body).filter(([k]) => !KNOWN_TOP_LEVEL.has(k))),
    { maxString: 5_000, maxArray: 100, maxDepth: 12 },
  );
  return {
    index,
    task: task && { text: task.text.slice(0, TASK_TEXT_MAX), source: task.source, size: task.text.length },
    issueUrl: issueUrl(body),
    verifier: verifier.value as Record<string, unknown>,
    verifierClips: verifier.clips,
    metadata: metadata.value as Record<string, unknown>,
    metadataClips: metadata.clips,
    extra: extra.value as Record<string, unknown>,
    turnCount: turns.length,
    roleCounts,
    toolCallCount,
  };
}

export const turnPageInput = z.object({
  id: z.number().int(),
  /** Index of the first turn of the page (named `cursor` for infinite queries). */
  cursor: z.number().int().min(0).nullish(),
  limit: z.number().int().min(1).max(500).default(50),
  /** Strings longer than this are cut (and listed in the turn's `clips`). */
  maxStringChars: z.number().int().min(100).max(4_000_000).default(10_000),
  /** A page stops once its turns add up to this many bytes of JSON (it always holds at least one turn). */
  maxBytes: z.number().int().min(10_000).max(16_000_000).default(1_000_000),
});
export type TurnPageInput = z.input<typeof turnPageInput>;

export interface TurnView {
  index: number;
  turn: Record<string, unknown>;
  clips: JsonClip[];
}

export interface TurnPage {
  turns: TurnView[];
  total: number;
  /** Index of the next page's first turn; null after the last. */
  nextCursor: number | null;
}

/** A page of a trajectory's turns, from the cached parsed body. */
export function readTurnPage(db: Db, blobs: BlobStore, raw: TurnPageInput): TurnPage {
  const q = parseOrThrow(turnPageInput, raw);
  const { body } = loadTrajectory(db, blobs, q.id);
  const turns = Array.isArray(body.turns) ? body.turns : [];
  const start = q.cursor ?? 0;
  if (start > turns.length) throw new BadRequestError(`cursor: the trajectory has ${turns.length} turns; got ${start}.`);
  const page: TurnView[] = [];
  let bytes = 0;
  let i = start;
  for (; i < turns.length && page.length < q.limit; i++) {
    const raw = turns[i];
    const { value, clips } = clipJson(isRecord(raw) ? raw : { role: "unknown", content: raw }, {
      maxString: q.maxStringChars,
      maxArray: 2_000,
    });
    const size = JSON.stringify(value).length;
    if (page.length > 0 && bytes + size > q.maxBytes) break;
    bytes += size;
    page.push({ index: i, turn: value as Record<string, unknown>, clips });
  }
  return { turns: page, total: turns.length, nextCursor: i < turns.length ? i : null };
}
