"use client";

import { useMemo } from "react";
import { EditDiff } from "./diff-view";
import { detectEdit, fileWindow, shellCommand } from "./edit-detect";
import { normalizeNewlines } from "./clamped-text";
import { JsonView, KeyValues } from "./json-view";

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** One tool call: edits as diffs, shell commands as code, other arguments as formatted key/values. */
export function ToolCallView({ call, priorWindow }: { call: unknown; priorWindow?: () => ReturnType<typeof fileWindow> }) {
  const name = isRecord(call) && typeof call.name === "string" ? call.name : "tool call";
  const args = isRecord(call) ? call.arguments : call;
  const id = isRecord(call) && typeof call.id === "string" ? call.id : null;
  const edit = useMemo(() => detectEdit(name, args, priorWindow), [name, args, priorWindow]);
  const command = edit ? null : shellCommand(name, args);
  return (
    <div className="space-y-1.5 rounded-md border border-slate-200 bg-slate-50/60 p-2" data-testid="tool-call">
      <div className="flex items-center gap-2 text-xs">
        <span className="rounded bg-slate-800 px-1.5 py-0.5 font-mono font-medium text-white">{name}</span>
        {id && <span className="truncate font-mono text-slate-400" title="tool call id">{id}</span>}
      </div>
      {edit ? (
        <EditDiff edit={edit} />
      ) : command != null ? (
        <pre className="overflow-x-auto whitespace-pre-wrap break-words rounded-md bg-slate-900 px-3 py-2 font-mono text-[12.5px] leading-5 text-slate-100" data-testid="tool-command">
          <span className="select-none text-emerald-400">$ </span>
          {normalizeNewlines(command)}
        </pre>
      ) : isRecord(args) ? (
        Object.keys(args).length ? <KeyValues entries={Object.entries(args)} /> : <p className="text-xs text-slate-400">no arguments</p>
      ) : (
        <JsonView value={args} />
      )}
    </div>
  );
}
