"use client";

import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { useTRPC } from "@/components/providers/trpc";
import type { RunSignature } from "@/server/metric-mapping/signature";
import { MappingLink } from "./mapping-link";
import { buildOodTable, type ReportedSeries } from "./ood-table-model";
import { OodTable } from "./ood-table";
import { Section } from "./section";
import { useRunSeries } from "./use-run-series";

/**
 * Avg@k on the out-of-distribution benchmarks at each eval step, from the
 * stored attempts; `eval/<benchmark>/avg@k` values logged directly fill in
 * where no attempts exist, and a mean the trainer reported itself (verl's
 * `val-core/<ds>/…/mean@N`, read through the metric mapping) shows marked as
 * reported, beside Avg@k or alone.
 */
export function OodSection({
  runId,
  project,
  benchmarks,
  signature,
}: {
  runId: string;
  project: string;
  benchmarks: string[];
  /** Undefined while it loads. */
  signature: Pick<RunSignature, "logged" | "reported"> | undefined;
}) {
  const trpc = useTRPC();
  const evals = useQuery(trpc.evals.byRun.queryOptions({ runId }));
  const keys = useMemo(
    () => (signature ? [...new Set([...Object.values(signature.logged), ...Object.values(signature.reported)].map((m) => m.key))] : []),
    [signature],
  );
  const series = useRunSeries(runId, keys, keys.length > 0);
  const model = useMemo(() => {
    const direct: Record<string, { step: number; value: number }[]> = {};
    for (const [benchmark, m] of Object.entries(signature?.logged ?? {})) direct[benchmark] = series[m.key] ?? [];
    const reported: ReportedSeries = {};
    for (const [benchmark, m] of Object.entries(signature?.reported ?? {})) reported[benchmark] = { key: m.key, samples: m.samples, points: series[m.key] ?? [] };
    return buildOodTable(benchmarks, evals.data ?? {}, direct, reported);
  }, [benchmarks, evals.data, series, signature]);
  const k = Object.values(evals.data ?? {})[0]?.[0]?.attempts;

  return (
    <Section
      id="ood"
      title="Out-of-distribution benchmarks"
      description={`Avg@${k ?? "k"}: the mean pass rate over independent attempts, with the attempts' range and count.`}
      actions={<MappingLink project={project} testId="ood-mapping-link" />}
    >
      {evals.isPending || !signature ? (
        <div className="h-32 animate-pulse rounded-xl border border-slate-200 bg-white" />
      ) : model.rows.length === 0 ? (
        <div className="rounded-xl border border-dashed border-slate-300 bg-white px-5 py-6 text-sm text-slate-500" data-testid="ood-empty">
          No evals yet. Record attempts with <code className="font-mono text-[12px]">log_eval(benchmark, attempt, score, step)</code>, or log your
          trainer&apos;s own eval means (verl <code className="font-mono text-[12px]">val-core/&lt;data_source&gt;/reward/mean@N</code>, …) under a
          data source the project&apos;s metric mapping resolves; the table shows {benchmarks.length ? benchmarks.join(", ") : "each benchmark"} as they
          arrive.
        </div>
      ) : (
        <OodTable model={model} />
      )}
    </Section>
  );
}
