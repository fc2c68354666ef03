"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useCallback, useRef, useState, type DragEvent } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { formatBytes } from "./format";

interface Upload {
  key: string;
  name: string;
  size: number;
  state: "waiting" | "uploading" | "done" | "error";
  formatName?: string;
  imported?: number;
  alreadyImported?: number;
  warnings?: string[];
  error?: string;
}

const FORMATS = "SWE-agent .traj, mini-swe-agent .traj.json, OpenHands output.jsonl, chat-message JSONL";

/**
 * Drop agent log files (or pick them) to import them into the run: each is posted
 * to `POST /api/v1/runs/{id}/import` with the browser's sign-in session; the
 * format is detected from the content. Shows per file the detected format, how
 * many trajectories were imported, warnings and errors.
 */
export function ImportUploadBox({ runId }: { runId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useQuery(trpc.auth.me.queryOptions());
  const inputRef = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [skill, setSkill] = useState("");
  const [step, setStep] = useState("");
  const busy = uploads.some((u) => u.state === "uploading" || u.state === "waiting");
  const signedIn = me.data?.signedIn ?? false;

  const update = (key: string, patch: Partial<Upload>) => setUploads((us) => us.map((u) => (u.key === key ? { ...u, ...patch } : u)));

  const uploadAll = useCallback(
    async (files: File[]) => {
      if (files.length === 0) return;
      const batch = files.map((f, i) => ({ file: f, key: `${Date.now()}-${i}-${f.name}` }));
      setUploads((us) => [...batch.map(({ file, key }) => ({ key, name: file.name, size: file.size, state: "waiting" as const })), ...us]);
      for (const { file, key } of batch) {
        update(key, { state: "uploading" });
        const q = new URLSearchParams({ fileName: file.name });
        if (skill.trim()) q.set("skill", skill.trim());
        if (step.trim()) q.set("step", step.trim());
        try {
          const res = await fetch(`/api/v1/runs/${encodeURIComponent(runId)}/import?${q}`, { method: "POST", body: file, credentials: "same-origin" });
          const body = await res.json().catch(() => null);
          if (!res.ok) {
            update(key, { state: "error", error: body?.error?.message ?? `The server answered ${res.status}.` });
          } else {
            update(key, { state: "done", formatName: body.formatName, imported: body.imported, alreadyImported: body.alreadyImported, warnings: body.warnings ?? [] });
          }
        } catch (e) {
          update(key, { state: "error", error: e instanceof Error ? e.message : String(e) });
        }
      }
      await queryClient.invalidateQueries({ queryKey: trpc.trajectories.pathKey() });
    },
    [runId, skill, step, queryClient, trpc],
  );

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    if (signedIn && !busy) void uploadAll([...e.dataTransfer.files]);
  };

  return (
    <div className="space-y-3" data-testid="import-box">
      <div
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
        className={`flex flex-wrap items-center gap-x-4 gap-y-2 rounded-lg border-2 border-dashed px-4 py-4 text-sm ${
          over ? "border-indigo-400 bg-indigo-50" : "border-slate-200 bg-white"
        }`}
      >
        <div className="min-w-0 flex-1">
          <p className="font-medium text-slate-800">Import agent logs</p>
          <p className="text-xs text-slate-500">Drop files here or choose them: {FORMATS}. The format is read from the content.</p>
        </div>
        {me.isPending ? null : signedIn ? (
          <>
            <label className="flex items-center gap-1.5 text-xs text-slate-500">
              skill
              <input value={skill} onChange={(e) => setSkill(e.target.value)} placeholder="imported" className="h-7 w-28 rounded border border-slate-300 px-1.5 text-sm" data-testid="import-skill" />
            </label>
            <label className="flex items-center gap-1.5 text-xs text-slate-500">
              step
              <input value={step} onChange={(e) => setStep(e.target.value)} inputMode="numeric" placeholder="0" className="h-7 w-16 rounded border border-slate-300 px-1.5 text-sm" data-testid="import-step" />
            </label>
            <input
              ref={inputRef}
              type="file"
              multiple
              className="sr-only"
              data-testid="import-file-input"
              aria-label="Choose agent log files"
              onChange={(e) => {
                void uploadAll([...(e.target.files ?? [])]);
                e.target.value = "";
              }}
            />
            <button
              type="button"
              onClick={() => inputRef.current?.click()}
              disabled={busy}
              className="h-8 rounded-md bg-slate-900 px-3 text-sm font-medium text-white hover:bg-slate-700 disabled:bg-slate-400"
            >
              {busy ? "Importing…" : "Choose files"}
            </button>
          </>
        ) : (
          <p className="text-xs text-slate-600">
            <Link href={`/login?next=${encodeURIComponent(`/runs/${runId}#trajectories`)}`} className="font-medium text-indigo-700 hover:underline">
              Sign in
            </Link>{" "}
            {me.data?.role === "viewer" ? "with an admin key" : ""} to import in the browser, or run <code className="rounded bg-slate-100 px-1">bin/skillboard import FILE… --run {runId}</code>
          </p>
        )}
      </div>
      {uploads.length > 0 && (
        <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white text-sm" data-testid="import-results" aria-live="polite">
          {uploads.map((u) => (
            <li key={u.key} className="space-y-1 px-4 py-2" data-testid="import-result">
              <div className="flex flex-wrap items-center gap-x-3">
                <span className="font-mono text-slate-800">{u.name}</span>
                <span className="text-xs text-slate-400">{formatBytes(u.size)}</span>
                {u.state === "waiting" && <span className="text-xs text-slate-400">waiting</span>}
                {u.state === "uploading" && <span className="text-xs text-indigo-700">importing…</span>}
                {u.state === "done" && (
                  <span className="text-xs text-slate-700">
                    <span className="rounded bg-slate-100 px-1.5 py-0.5" data-testid="import-format">{u.formatName}</span>{" "}
                    <span className="font-medium text-emerald-700" data-testid="import-count">
                      {u.imported} imported
                    </span>
                    {u.alreadyImported ? `, ${u.alreadyImported} already there` : ""}
                  </span>
                )}
                {u.state === "error" && <span className="text-xs font-medium text-rose-700">failed</span>}
              </div>
              {u.error && <p className="text-xs text-rose-700" data-testid="import-error">{u.error}</p>}
              {u.warnings?.map((w, i) => (
                <p key={i} className="text-xs text-amber-700">
                  ⚠ {w}
                </p>
              ))}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
