"use client";

import { useMemo } from "react";
import { ClampedText } from "./clamped-text";
import type { EditView } from "./edit-detect";
import { classifyPatchLine, lineDiff, splitLines, type DiffLine, type PatchLineKind } from "./line-diff";

const OP_CLASS: Record<DiffLine["op"], string> = {
  " ": "text-slate-700",
  "-": "bg-rose-50 text-rose-900",
  "+": "bg-emerald-50 text-emerald-900",
};

function DiffLines({ lines, maxLines = 400 }: { lines: DiffLine[]; maxLines?: number }) {
  const shown = lines.slice(0, maxLines);
  return (
    <div className="overflow-x-auto rounded-md border border-slate-200 bg-white font-mono text-[12.5px] leading-5" data-testid="edit-diff">
      {shown.map((l, i) => (
        <div key={i} className={`whitespace-pre px-2 ${OP_CLASS[l.op]}`}>
          <span aria-hidden className="mr-2 select-none text-slate-400">
            {l.op}
          </span>
          <span className="sr-only">{l.op === "+" ? "added: " : l.op === "-" ? "removed: " : ""}</span>
          {l.text || " "}
        </div>
      ))}
      {lines.length > maxLines && <div className="px-2 py-1 text-xs text-slate-500">… {lines.length - maxLines} more lines</div>}
    </div>
  );
}

/** An edit tool call drawn as a diff, headed by the file and what kind of edit it is. */
export function EditDiff({ edit }: { edit: EditView }) {
  const lines = useMemo((): DiffLine[] => {
    switch (edit.kind) {
      case "replace":
        return lineDiff(edit.before, edit.after);
      case "create":
      case "insert":
        return splitLines(edit.text).map((text) => ({ op: "+", text }));
      case "lines":
        return edit.before != null ? lineDiff(edit.before, edit.text) : splitLines(edit.text).map((text) => ({ op: "+", text }));
      default:
        return [];
    }
  }, [edit]);
  if (edit.kind === "patch") return <PatchView patch={edit.patch} />;
  const what =
    edit.kind === "replace"
      ? "replace"
      : edit.kind === "create"
        ? "create file"
        : edit.kind === "insert"
          ? `insert${edit.line != null ? ` after line ${edit.line}` : ""}`
          : `replace lines ${edit.start}–${edit.end}${edit.before == null ? " (old lines not shown in the trajectory)" : ""}`;
  return (
    <div className="space-y-1">
      <div className="flex flex-wrap items-center gap-2 text-xs text-slate-500">
        <span className="rounded bg-amber-50 px-1.5 py-0.5 font-medium text-amber-800 ring-1 ring-amber-200">edit</span>
        {"path" in edit && edit.path && <span className="font-mono text-slate-700">{edit.path}</span>}
        <span>{what}</span>
      </div>
      <DiffLines lines={lines} />
    </div>
  );
}

const PATCH_CLASS: Record<PatchLineKind, string> = {
  file: "font-semibold text-slate-900 bg-slate-100",
  hunk: "text-indigo-700 bg-indigo-50/60",
  add: "bg-emerald-50 text-emerald-900",
  del: "bg-rose-50 text-rose-900",
  context: "text-slate-700",
  meta: "text-slate-500",
};

/** A unified diff (a submitted patch, `git diff` output), coloured line by line. */
export function PatchView({ patch, maxLines = 600 }: { patch: string; maxLines?: number }) {
  const lines = useMemo(() => patch.replace(/\r\n?/g, "\n").replace(/^\n+/, "").split("\n"), [patch]);
  if (lines.length > 20_000) return <ClampedText text={patch} maxLines={maxLines} />;
  return (
    <div className="max-h-[32rem] overflow-auto rounded-md border border-slate-200 bg-white font-mono text-[12.5px] leading-5" data-testid="patch-view">
      {lines.slice(0, maxLines).map((l, i) => (
        <div key={i} className={`whitespace-pre px-2 ${PATCH_CLASS[classifyPatchLine(l)]}`}>
          {l || " "}
        </div>
      ))}
      {lines.length > maxLines && <div className="px-2 py-1 text-xs text-slate-500">… {lines.length - maxLines} more lines</div>}
    </div>
  );
}
