import type { BuiltInRuleView } from "@/server/metric-mapping/built-in-rules";
import { SettingsCard } from "./settings-card";

/** A description with `code` spans, as the rules write them. */
function WithCode({ text }: { text: string }) {
  return (
    <>
      {text.split(/`([^`]+)`/).map((part, i) =>
        i % 2 ? (
          <code key={i} className="font-mono text-[11px] text-slate-600">
            {part}
          </code>
        ) : (
          part
        ),
      )}
    </>
  );
}

/** The built-in rules, read-only, each with example keys and what they feed. */
export function BuiltInRulesSection({ rules }: { rules: BuiltInRuleView[] }) {
  return (
    <SettingsCard
      id="built-in-rules"
      title="Built-in rules"
      description="On for every project, applied when reading: raw keys stay as logged, so a change here or in the aliases also applies to old runs."
    >
      <div className="overflow-x-auto">
        <table className="w-full text-sm" data-testid="built-in-rules">
          <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th className="py-1.5 pr-3 font-semibold">Framework</th>
              <th className="py-1.5 pr-3 font-semibold">Key</th>
              <th className="py-1.5 pr-3 font-semibold">Feeds</th>
              <th className="py-1.5 font-semibold">Examples</th>
            </tr>
          </thead>
          <tbody>
            {rules.map((r) => (
              <tr key={r.id} className="border-t border-slate-100 align-top" data-testid={`built-in-rule-${r.id}`}>
                <td className="py-2 pr-3 font-medium text-slate-800">{r.framework}</td>
                <td className="py-2 pr-3">
                  <code className="font-mono text-[12px] text-slate-800">{r.shape}</code>
                  <p className="mt-0.5 max-w-md text-xs text-slate-500">
                    <WithCode text={r.description} />
                  </p>
                </td>
                <td className="whitespace-nowrap py-2 pr-3 text-slate-700">
                  {r.measure === "avg_steps" ? "a skill's Avg steps" : r.phase === "train" ? "a skill's Pass@1" : "a benchmark's Avg@N (reported), or a skill's Pass@1"}
                </td>
                <td className="py-2">
                  <ul className="space-y-0.5">
                    {r.examples.map((ex) => (
                      <li key={ex.key} className="text-xs">
                        <code className="font-mono text-slate-700">{ex.key}</code> <span className="text-slate-400">→</span> <span className="text-slate-600">{ex.feeds}</span>
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </SettingsCard>
  );
}
