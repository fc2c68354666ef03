"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";
import type { JsonClip } from "@/server/trajectories/clip-json";
import { clampText, normalizeNewlines } from "./clamped-text";

export type ObservationMode = "preview" | "full" | "hidden";

const PREVIEW_LINES = 12;
const PREVIEW_CHARS = 3000;

const asText = (v: unknown) => (typeof v === "string" ? normalizeNewlines(v) : (JSON.stringify(v, null, 2) ?? String(v)));

/**
 * A tool's output: collapsible (the header button), the first lines shown and
 * the rest behind "Show all"; output the server cut (past 10,000 characters) is
 * fetched whole when asked for.
 */
export function ObservationView({
  trajectoryId,
  turnIndex,
  value,
  serverClip,
  mode,
  onMode,
}: {
  trajectoryId: number;
  turnIndex: number;
  value: unknown;
  serverClip: JsonClip | undefined;
  mode: ObservationMode;
  onMode: (mode: ObservationMode) => void;
}) {
  const trpc = useTRPC();
  const whole = useQuery({
    ...trpc.trajectories.turns.queryOptions({ id: trajectoryId, cursor: turnIndex, limit: 1, maxStringChars: 4_000_000, maxBytes: 16_000_000 }),
    enabled: mode === "full" && !!serverClip,
    staleTime: Infinity,
  });
  const full = serverClip && whole.data ? whole.data.turns[0]?.turn.observation : value;
  const text = asText(mode === "full" ? full : value);
  const { shown, clipped, lines } = clampText(text, PREVIEW_LINES, PREVIEW_CHARS);
  const totalChars = serverClip?.size ?? text.length;
  const more = clipped || !!serverClip;
  return (
    <div className="rounded-md border border-slate-200 bg-white" data-testid={`observation-${turnIndex}`} data-mode={mode}>
      <button
        type="button"
        onClick={() => onMode(mode === "hidden" ? "preview" : "hidden")}
        aria-expanded={mode !== "hidden"}
        data-testid={`observation-toggle-${turnIndex}`}
        className="flex w-full items-center gap-2 px-2 py-1 text-left text-xs text-slate-500 hover:bg-slate-50"
      >
        <span aria-hidden className={`inline-block transition-transform ${mode === "hidden" ? "" : "rotate-90"}`}>
          ▸
        </span>
        <span className="font-medium text-slate-600">Observation</span>
        <span className="tabular-nums">
          {serverClip ? `${totalChars.toLocaleString("en-US")} chars` : `${lines.toLocaleString("en-US")} lines · ${text.length.toLocaleString("en-US")} chars`}
        </span>
      </button>
      {mode !== "hidden" && (
        <div className="border-t border-slate-100 px-2 py-1.5">
          <pre className="max-h-[70vh] overflow-auto whitespace-pre-wrap break-words font-mono text-[12.5px] leading-5 text-slate-800" data-testid={`observation-text-${turnIndex}`}>
            {mode === "full" ? text : shown}
          </pre>
          {mode === "full" && serverClip && whole.isFetching && <p className="text-xs text-slate-500">Loading the whole output…</p>}
          {more && (
            <button
              type="button"
              onClick={() => onMode(mode === "full" ? "preview" : "full")}
              data-testid={`observation-show-all-${turnIndex}`}
              className="mt-1 text-xs font-medium text-indigo-700 hover:underline"
            >
              {mode === "full" ? "Show less" : `Show all (${serverClip ? `${totalChars.toLocaleString("en-US")} chars` : `${lines.toLocaleString("en-US")} lines`})`}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
