"use client";

import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { buildOodTable } from "./ood-table-model";
import { OodTable } from "./ood-table";
import { Section } from "./section";
import { useRunSeries } from "./use-run-series";

/**
 * Avg@k on the out-of-distribution benchmarks at each eval step, from the
 * stored attempts; `eval/<benchmark>/avg@k` values logged directly fill in
 * where no attempts exist.
 */
export function OodSection({ runId, benchmarks, directKeys }: { runId: string; benchmarks: string[]; directKeys: { key: string; benchmark: string }[] }) {
  const trpc = useTRPC();
  const evals = useQuery(trpc.evals.byRun.queryOptions({ runId }));
  const keys = useMemo(() => directKeys.map((d) => d.key), [directKeys]);
  const direct = useRunSeries(runId, keys, keys.length > 0);
  const model = useMemo(() => {
    const directByBenchmark: Record<string, { step: number; value: number }[]> = {};
    for (const d of directKeys) directByBenchmark[d.benchmark] = direct[d.key] ?? [];
    return buildOodTable(benchmarks, evals.data ?? {}, directByBenchmark);
  }, [benchmarks, evals.data, direct, directKeys]);
  const k = Object.values(evals.data ?? {})[0]?.[0]?.attempts;

  return (
    <Section
      id="ood"
      title="Out-of-distribution benchmarks"
      description={`Avg@${k ?? "k"}: the mean pass rate over independent attempts, with the attempts' range and count.`}
    >
      {evals.isPending ? (
        <div className="h-32 animate-pulse rounded-xl border border-slate-200 bg-white" />
      ) : model.rows.length === 0 ? (
        <div className="rounded-xl border border-dashed border-slate-300 bg-white px-5 py-6 text-sm text-slate-500" data-testid="ood-empty">
          No evals yet. Record attempts with <code className="font-mono text-[12px]">log_eval(benchmark, attempt, score, step)</code>; the table
          shows {benchmarks.length ? benchmarks.join(", ") : "each benchmark"} as they arrive.
        </div>
      ) : (
        <OodTable model={model} />
      )}
    </Section>
  );
}
