"use client";

import { useMutation } from "@tanstack/react-query";
import { useRef, useState, type FormEvent } from "react";
import { Field, inputClass } from "@/components/launch/field";
import { useTRPC } from "@/components/providers/trpc";
import type { MappingSettings } from "@/server/metric-mapping/settings";
import { SettingsCard } from "./settings-card";
import { TargetSelect } from "./target-select";
import { useMappingChanged } from "./use-mapping-edit";
import { RemoveRowButton } from "./remove-row-button";

type Kind = "pass@1" | "avg_steps" | "avg@k";

export const RULE_KIND_LABELS: Record<Kind, string> = {
  "pass@1": "Pass@1 (training)",
  avg_steps: "Avg steps",
  "avg@k": "Avg@k reported by the trainer",
};

type FieldName = "pattern" | "target" | "kind" | "samples";

/** The project's own rules: applied before the built-in ones, oldest first. */
export function RulesSection({ settings, canEdit }: { settings: MappingSettings; canEdit: boolean }) {
  const trpc = useTRPC();
  const changed = useMappingChanged();
  const [pattern, setPattern] = useState("");
  const [target, setTarget] = useState("");
  const [kind, setKind] = useState<Kind>("avg@k");
  const [samples, setSamples] = useState("");
  const [error, setError] = useState<{ field: FieldName; message: string } | null>(null);
  const [removeError, setRemoveError] = useState<string | null>(null);
  const patternInput = useRef<HTMLInputElement>(null);
  const add = useMutation(trpc.projects.addRule.mutationOptions());
  const remove = useMutation(trpc.projects.removeRule.mutationOptions());
  const invalid = (f: FieldName) => error?.field === f;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!pattern.trim()) return setError({ field: "pattern", message: "Write the key, with * for any text and {name} for the skill or benchmark name." });
    if (!target) return setError({ field: "target", message: "Choose what the matching keys feed." });
    const k = samples.trim() ? Number(samples) : null;
    if (k !== null && (!Number.isInteger(k) || k < 1)) return setError({ field: "samples", message: "A whole number of samples, 1 or more." });
    try {
      await add.mutateAsync({ project: settings.project, pattern: pattern.trim(), target, kind, samples: kind === "avg@k" ? k : null });
      setPattern("");
      setTarget("");
      setSamples("");
      setError(null);
      await changed();
      patternInput.current?.focus();
    } catch (err) {
      const message = (err as Error).message;
      const field = (["target", "kind", "samples"] as const).find((f) => message.startsWith(f)) ?? "pattern";
      setError({ field, message });
    }
  };

  const onRemove = async (id: number) => {
    try {
      await remove.mutateAsync({ project: settings.project, id });
      setRemoveError(null);
      await changed();
      patternInput.current?.focus();
    } catch (err) {
      setRemoveError((err as Error).message);
    }
  };

  return (
    <SettingsCard
      id="rules"
      title="Project rules"
      description={
        <>
          For keys the built-in rules do not know. In a pattern <code className="font-mono text-[12px]">*</code> matches any text,{" "}
          <code className="font-mono text-[12px]">{"{name}"}</code> the name (resolved like a data source, through the aliases),{" "}
          <code className="font-mono text-[12px]">{"{k}"}</code> the number of samples, and <code className="font-mono text-[12px]">@</code> also MLflow&apos;s{" "}
          <code className="font-mono text-[12px]">_at_</code>. Project rules come before the built-in ones; Skillboard&apos;s own keys always win.
        </>
      }
    >
      {settings.rules.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-200 px-4 py-3 text-sm text-slate-500" data-testid="rules-empty">
          No rules of this project yet.
        </p>
      ) : (
        <table className="w-full text-sm" data-testid="rules-table">
          <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th className="py-1.5 font-semibold">Pattern</th>
              <th className="py-1.5 font-semibold">Feeds</th>
              <th className="py-1.5 font-semibold">As</th>
              <th className="py-1.5" />
            </tr>
          </thead>
          <tbody>
            {settings.rules.map((r) => (
              <tr key={r.id} className="border-t border-slate-100" data-testid={`rule-row-${r.id}`}>
                <td className="py-1.5 font-mono text-[13px]">{r.pattern}</td>
                <td className="py-1.5">{r.target}</td>
                <td className="py-1.5">
                  {RULE_KIND_LABELS[r.kind]}
                  {r.kind === "avg@k" && r.samples != null && <span className="text-slate-500"> (k = {r.samples})</span>}
                </td>
                <td className="py-1.5 text-right">
                  {canEdit && (
                    <RemoveRowButton onClick={() => onRemove(r.id)} disabled={remove.isPending} label={`Remove rule ${r.pattern}`} testId={`remove-rule-${r.id}`} />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {removeError && (
        <p className="text-xs text-red-700" role="alert" data-testid="rule-remove-error">
          {removeError}
        </p>
      )}
      {canEdit && (
        <form onSubmit={submit} noValidate className="grid items-start gap-x-4 gap-y-3 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)_minmax(0,1fr)_6rem_auto]" data-testid="rule-form">
          <Field id="rule-pattern" label="Pattern" error={invalid("pattern") ? error!.message : undefined} hint="e.g. custom/{name}/solve_rate@{k}">
            <input
              id="rule-pattern"
              ref={patternInput}
              value={pattern}
              onChange={(e) => {
                setPattern(e.target.value);
                setError(null);
              }}
              placeholder="env/{name}/success_rate"
              className={`${inputClass(invalid("pattern"))} font-mono`}
              aria-invalid={invalid("pattern") ? true : undefined}
              data-testid="rule-pattern"
            />
          </Field>
          <Field id="rule-target" label="Feeds" error={invalid("target") ? error!.message : undefined}>
            <TargetSelect
              id="rule-target"
              value={target}
              onChange={(v) => {
                setTarget(v);
                setError(null);
              }}
              skills={settings.skills}
              benchmarks={settings.benchmarks}
              allowName
              invalid={invalid("target")}
              testId="rule-target"
            />
          </Field>
          <Field id="rule-kind" label="As" error={invalid("kind") ? error!.message : undefined}>
            <select id="rule-kind" value={kind} onChange={(e) => setKind(e.target.value as Kind)} className={inputClass(invalid("kind"))} data-testid="rule-kind">
              {(Object.keys(RULE_KIND_LABELS) as Kind[]).map((k) => (
                <option key={k} value={k}>
                  {RULE_KIND_LABELS[k]}
                </option>
              ))}
            </select>
          </Field>
          <Field id="rule-samples" label="k" error={invalid("samples") ? error!.message : undefined} hint={kind === "avg@k" ? "Optional" : "Avg@k only"}>
            <input
              id="rule-samples"
              inputMode="numeric"
              value={samples}
              disabled={kind !== "avg@k"}
              onChange={(e) => {
                setSamples(e.target.value);
                setError(null);
              }}
              placeholder="4"
              className={inputClass(invalid("samples"))}
              data-testid="rule-samples"
            />
          </Field>
          <button
            type="submit"
            disabled={add.isPending}
            className="inline-flex h-9 items-center justify-center rounded-md bg-indigo-600 px-4 text-sm font-medium text-white shadow-sm hover:bg-indigo-500 disabled:opacity-50 lg:mt-6"
            data-testid="add-rule"
          >
            {add.isPending ? "Saving…" : "Add rule"}
          </button>
        </form>
      )}
    </SettingsCard>
  );
}
