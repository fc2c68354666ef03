"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { useDebounced } from "@/components/common/use-debounced";
import { inputClass } from "@/components/launch/field";
import { useTRPC } from "@/components/providers/trpc";
import type { PreviewEntry } from "@/server/metric-mapping/read";
import { SettingsCard } from "./settings-card";

const MAX_TRIED = 50;

function ruleLabel(e: PreviewEntry): string {
  if (e.native) return "Skillboard key";
  const how = e.via === "alias" ? `alias '${e.name}'` : e.via === "built-in alias" ? `built-in alias '${e.name}'` : e.via === "rule target" ? "rule's target" : `name '${e.name}'`;
  return `${e.rule.startsWith("project:") ? "project rule" : e.rule} · ${how}`;
}

function MappedRow({ e, testId }: { e: PreviewEntry; testId: string }) {
  return (
    <tr className="border-t border-slate-100" data-testid={testId} data-feeds={e.feeds}>
      <td className="py-1.5 pr-3 font-mono text-[12px] text-slate-800">{e.key}</td>
      <td className="py-1.5 pr-3 text-slate-800">{e.feeds}</td>
      <td className="py-1.5 text-xs text-slate-500">{ruleLabel(e)}</td>
    </tr>
  );
}

/** Live preview: what the project's rules and aliases make of the keys of its recent runs, and of keys typed in. */
export function MappingPreviewSection({ project }: { project: string }) {
  const trpc = useTRPC();
  const [typed, setTyped] = useState("");
  const debounced = useDebounced(typed, 250);
  const keys = useMemo(
    () => [...new Set(debounced.split("\n").map((k) => k.trim()).filter((k) => k.length > 0 && k.length <= 256))].slice(0, MAX_TRIED),
    [debounced],
  );
  const preview = useQuery(trpc.projects.mappingPreview.queryOptions({ project, keys }, { placeholderData: keepPreviousData }));
  const data = preview.data;

  return (
    <SettingsCard id="preview" title="Preview" description="What the current rules and aliases make of the metric keys of this project's 20 most recent runs.">
      <div>
        <label htmlFor="try-keys" className="text-sm font-medium text-slate-800">
          Try keys
        </label>
        <textarea
          id="try-keys"
          rows={2}
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          placeholder={"val-core/SWE-bench_Verified/reward/mean@4\nrewards/localization_reward/mean"}
          className={`${inputClass(false)} mt-1 h-auto py-1.5 font-mono text-[12px]`}
          data-testid="try-keys"
        />
        <p className="mt-1 text-xs text-slate-500">One key per line; each shows what it would feed.</p>
      </div>
      {preview.isError && (
        <p className="rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800" role="alert" data-testid="preview-error">
          Could not load the preview: {preview.error.message}
        </p>
      )}
      {data && data.tried.length > 0 && (
        <table className="w-full text-sm" data-testid="tried-keys">
          <tbody>
            {data.tried.map((t) =>
              t.mapped ? (
                <MappedRow key={t.key} e={t.mapped} testId="tried-key" />
              ) : (
                <tr key={t.key} className="border-t border-slate-100" data-testid="tried-key" data-feeds="">
                  <td className="py-1.5 pr-3 font-mono text-[12px] text-slate-800">{t.key}</td>
                  <td className="py-1.5 text-slate-400" colSpan={2}>
                    maps to nothing (kept as a free-form metric)
                  </td>
                </tr>
              ),
            )}
          </tbody>
        </table>
      )}
      {!data ? (
        <div className="h-16 animate-pulse rounded-lg bg-slate-100" aria-busy="true" />
      ) : data.runsRead === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-200 px-4 py-3 text-sm text-slate-500" data-testid="preview-empty">
          This project has no runs yet. Log metrics from a trainer and they show here with what they feed.
        </p>
      ) : (
        <>
          <h3 className="text-sm font-medium text-slate-800">
            Keys of the last {data.runsRead} run{data.runsRead === 1 ? "" : "s"} that feed a skill or benchmark
          </h3>
          {data.mapped.length === 0 ? (
            <p className="text-sm text-slate-500" data-testid="preview-none-mapped">
              None yet: add an alias for the name your trainer uses, or a rule.
            </p>
          ) : (
            <table className="w-full text-sm" data-testid="preview-mapped">
              <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
                <tr>
                  <th className="py-1.5 pr-3 font-semibold">Raw key</th>
                  <th className="py-1.5 pr-3 font-semibold">Feeds</th>
                  <th className="py-1.5 font-semibold">By</th>
                </tr>
              </thead>
              <tbody>
                {data.mapped.map((e) => (
                  <MappedRow key={e.key} e={e} testId="preview-row" />
                ))}
              </tbody>
            </table>
          )}
          {data.unmappedCount > 0 && (
            <details className="text-sm" data-testid="preview-unmapped">
              <summary className="cursor-pointer text-slate-600 hover:text-slate-900">
                {data.unmappedCount} other key{data.unmappedCount === 1 ? "" : "s"} map to nothing
              </summary>
              <ul className="mt-2 columns-1 font-mono text-[12px] text-slate-600 sm:columns-2">
                {data.unmapped.map((k) => (
                  <li key={k}>{k}</li>
                ))}
                {data.unmappedCount > data.unmapped.length && <li className="text-slate-400">…</li>}
              </ul>
            </details>
          )}
        </>
      )}
    </SettingsCard>
  );
}
