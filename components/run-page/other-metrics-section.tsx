"use client";

import { useMemo, useState } from "react";
import { SearchInput } from "@/components/common/search-input";
import { groupOtherKeys, keyMatcher } from "./metric-key-groups";
import { MetricGroup } from "./metric-group";
import { Section } from "./section";

/** Every key the skills grid does not show, grouped by prefix, with a key filter. */
export function OtherMetricsSection({ runId, keys, shownElsewhere }: { runId: string; keys: string[]; shownElsewhere: ReadonlySet<string> }) {
  const [query, setQuery] = useState("");
  const groups = useMemo(() => groupOtherKeys(keys, shownElsewhere), [keys, shownElsewhere]);
  const matches = useMemo(() => keyMatcher(query), [query]);
  const visible = groups.map((g) => ({ ...g, visibleKeys: g.keys.filter(matches) })).filter((g) => g.visibleKeys.length > 0);
  const total = groups.reduce((n, g) => n + g.keys.length, 0);

  return (
    <Section
      id="metrics"
      title="Other metrics"
      description={total ? `${total} key${total === 1 ? "" : "s"}, grouped by prefix.` : undefined}
      actions={total > 0 && <SearchInput value={query} onChange={setQuery} placeholder="Filter keys (regex)" label="Filter metric keys" testId="metric-search" />}
    >
      {total === 0 ? (
        <p className="rounded-xl border border-dashed border-slate-300 bg-white px-5 py-6 text-sm text-slate-500">
          No other metrics yet. Anything logged besides the skill keys (<code className="font-mono text-[12px]">train/kl</code>,{" "}
          <code className="font-mono text-[12px]">perf/tokens_per_s</code>, …) is charted here.
        </p>
      ) : visible.length === 0 ? (
        <p className="rounded-xl border border-slate-200 bg-white px-5 py-6 text-sm text-slate-500" data-testid="metric-search-empty">
          No key matches “{query}”.
        </p>
      ) : (
        <div className="space-y-4">
          {visible.map((g) => (
            <MetricGroup key={g.prefix} runId={runId} prefix={g.prefix} keys={g.keys} visibleKeys={g.visibleKeys} />
          ))}
        </div>
      )}
    </Section>
  );
}
