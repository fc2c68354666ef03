"use client";

import { memo } from "react";
import type { TurnView } from "@/server/trajectories/turn-pages";
import { ClampedText, MessageText } from "./clamped-text";
import type { fileWindow } from "./edit-detect";
import { formatCount, formatMs } from "./format";
import { JsonView, KeyValues } from "./json-view";
import { ObservationView, type ObservationMode } from "./observation-view";
import { ToolCallView } from "./tool-call-view";

const OWN_KEYS = new Set(["role", "content", "toolCalls", "observation", "tokens", "durationMs", "thought"]);

const ROLE_STYLE: Record<string, string> = {
  system: "bg-slate-100 text-slate-700 ring-slate-200",
  user: "bg-sky-50 text-sky-800 ring-sky-200",
  assistant: "bg-indigo-50 text-indigo-800 ring-indigo-200",
  tool: "bg-amber-50 text-amber-800 ring-amber-200",
};

export function turnText(content: unknown): string | null {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    const parts = content.flatMap((p) => (typeof p === "string" ? [p] : p && typeof p === "object" && typeof (p as { text?: unknown }).text === "string" ? [(p as { text: string }).text] : []));
    return parts.length ? parts.join("\n") : null;
  }
  return null;
}

interface Props {
  trajectoryId: number;
  view: TurnView;
  focused: boolean;
  showToolCalls: boolean;
  showMetadata: boolean;
  observationMode: ObservationMode;
  onObservationMode: (index: number, mode: ObservationMode) => void;
  onFocus: (index: number) => void;
  priorWindow: (index: number) => ReturnType<typeof fileWindow>;
}

/** One turn of the timeline: who spoke, what it said, the tools it called, what came back; tokens and time on the right. */
export const TurnCard = memo(function TurnCard({ trajectoryId, view, focused, showToolCalls, showMetadata, observationMode, onObservationMode, onFocus, priorWindow }: Props) {
  const { turn, index, clips } = view;
  const role = typeof turn.role === "string" ? turn.role : "unknown";
  const text = turnText(turn.content);
  const thought = typeof turn.thought === "string" && turn.thought.trim() && !text?.includes(turn.thought.trim()) ? turn.thought : null;
  const toolCalls = Array.isArray(turn.toolCalls) ? turn.toolCalls : [];
  const hasObservation = turn.observation !== undefined && turn.observation !== null;
  const extra = Object.entries(turn).filter(([k]) => !OWN_KEYS.has(k));
  const otherClips = clips.filter((c) => c.path !== "observation");
  const tokens = typeof turn.tokens === "number" ? turn.tokens : null;
  const durationMs = typeof turn.durationMs === "number" ? turn.durationMs : null;
  const sourceRole = typeof turn.sourceRole === "string" ? turn.sourceRole : null;
  return (
    <article
      id={`turn-${index}`}
      data-testid={`turn-${index}`}
      data-focused={focused || undefined}
      aria-current={focused ? "step" : undefined}
      onClick={() => onFocus(index)}
      className={`scroll-mt-28 rounded-lg border bg-white p-3 shadow-sm [content-visibility:auto] [contain-intrinsic-size:auto_160px] ${
        focused ? "border-indigo-400 ring-2 ring-indigo-500/30" : "border-slate-200"
      }`}
    >
      <header className="mb-2 flex flex-wrap items-center gap-2 text-xs">
        <span className="w-10 font-mono text-slate-400">#{index}</span>
        <span className={`rounded px-1.5 py-0.5 font-medium ring-1 ${ROLE_STYLE[role] ?? ROLE_STYLE.system}`}>{role}</span>
        {sourceRole && sourceRole !== role && <span className="text-slate-400">sent as {sourceRole}</span>}
        {toolCalls.length > 0 && <span className="text-slate-500">{toolCalls.length === 1 ? "1 tool call" : `${toolCalls.length} tool calls`}</span>}
        <span className="ml-auto flex gap-3 tabular-nums text-slate-500">
          {tokens != null && <span title="tokens">{formatCount(tokens)} tok</span>}
          {durationMs != null && <span title="duration">{formatMs(durationMs)}</span>}
        </span>
      </header>
      <div className="space-y-2">
        {text != null && text !== "" &&
          (role === "assistant" ? (
            <MessageText text={text} />
          ) : (
            <ClampedText text={text} maxLines={role === "system" ? 4 : role === "user" ? 10 : 40} className="text-slate-700" />
          ))}
        {text == null && turn.content != null && <JsonView value={turn.content} />}
        {thought && (
          <div className="border-l-2 border-slate-200 pl-2">
            <p className="text-[11px] font-medium uppercase tracking-wide text-slate-400">thought</p>
            <ClampedText text={thought} maxLines={8} mono={false} className="text-sm italic text-slate-600" />
          </div>
        )}
        {showToolCalls && toolCalls.map((call, i) => <ToolCallView key={i} call={call} priorWindow={() => priorWindow(index)} />)}
        {!showToolCalls && toolCalls.length > 0 && (
          <p className="text-xs text-slate-400">
            {toolCalls.map((c) => (c && typeof c === "object" && typeof (c as { name?: unknown }).name === "string" ? (c as { name: string }).name : "?")).join(", ")}
          </p>
        )}
        {hasObservation && (
          <ObservationView
            trajectoryId={trajectoryId}
            turnIndex={index}
            value={turn.observation}
            serverClip={clips.find((c) => c.path === "observation")}
            mode={observationMode}
            onMode={(m) => onObservationMode(index, m)}
          />
        )}
        {otherClips.length > 0 && (
          <p className="text-xs text-amber-700">
            Cut for display: {otherClips.map((c) => `${c.path} (${c.size.toLocaleString("en-US")} ${c.kind === "string" ? "chars" : "items"})`).join(", ")} — the raw JSON has it whole.
          </p>
        )}
        {showMetadata && extra.length > 0 && (
          <div className="rounded-md bg-slate-50 p-2" data-testid="turn-metadata">
            <KeyValues entries={extra} />
          </div>
        )}
      </div>
    </article>
  );
});
