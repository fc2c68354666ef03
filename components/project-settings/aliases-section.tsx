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

/** The project's aliases (add, change, remove) and the built-in ones (read-only). */
export function AliasesSection({ settings, canEdit }: { settings: MappingSettings; canEdit: boolean }) {
  const trpc = useTRPC();
  const changed = useMappingChanged();
  const [alias, setAlias] = useState("");
  const [target, setTarget] = useState("");
  const [error, setError] = useState<{ field: "alias" | "target"; message: string } | null>(null);
  const [removeError, setRemoveError] = useState<string | null>(null);
  const aliasInput = useRef<HTMLInputElement>(null);
  const set = useMutation(trpc.projects.setAlias.mutationOptions());
  const remove = useMutation(trpc.projects.removeAlias.mutationOptions());

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!alias.trim()) return setError({ field: "alias", message: "Write the name your trainer logs, e.g. a verl data source or a TRL reward function." });
    if (!target) return setError({ field: "target", message: "Choose the skill or benchmark this name means." });
    try {
      await set.mutateAsync({ project: settings.project, alias, target });
      setAlias("");
      setTarget("");
      setError(null);
      await changed();
      aliasInput.current?.focus();
    } catch (err) {
      const message = (err as Error).message;
      setError({ field: message.startsWith("target") ? "target" : "alias", message });
    }
  };

  const onRemove = async (a: string) => {
    try {
      await remove.mutateAsync({ project: settings.project, alias: a });
      setRemoveError(null);
      await changed();
      aliasInput.current?.focus();
    } catch (err) {
      setRemoveError((err as Error).message);
    }
  };

  const builtIn = settings.builtInAliases.filter((a) => a.active);
  return (
    <SettingsCard
      id="aliases"
      title="Aliases"
      description="A data source, reward function or environment named by an alias feeds that skill or benchmark. Names are compared in lower case with -, . and spaces read as _; a hub prefix such as princeton-nlp/ is ignored."
    >
      {settings.aliases.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-200 px-4 py-3 text-sm text-slate-500" data-testid="aliases-empty">
          No aliases of this project yet: the built-in ones below apply.
        </p>
      ) : (
        <table className="w-full text-sm" data-testid="aliases-table">
          <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th className="py-1.5 font-semibold">Alias</th>
              <th className="py-1.5 font-semibold">Means</th>
              <th className="py-1.5" />
            </tr>
          </thead>
          <tbody>
            {settings.aliases.map((a) => (
              <tr key={a.alias} className="border-t border-slate-100" data-testid={`alias-row-${a.alias}`}>
                <td className="py-1.5 font-mono text-[13px]">{a.alias}</td>
                <td className="py-1.5">{a.target}</td>
                <td className="py-1.5 text-right">
                  {canEdit && (
                    <RemoveRowButton onClick={() => onRemove(a.alias)} disabled={remove.isPending} label={`Remove alias ${a.alias}`} testId={`remove-alias-${a.alias}`} />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {removeError && (
        <p className="text-xs text-red-700" role="alert" data-testid="alias-remove-error">
          {removeError}
        </p>
      )}
      {canEdit && (
        <form onSubmit={submit} noValidate className="grid items-start gap-x-4 gap-y-3 sm:grid-cols-[minmax(0,1fr)_minmax(0,1fr)_auto]" data-testid="alias-form">
          <Field id="alias-name" label="Alias" error={error?.field === "alias" ? error.message : undefined} hint="The name as your trainer logs it, e.g. SWE-bench_Verified.">
            <input
              id="alias-name"
              ref={aliasInput}
              value={alias}
              onChange={(e) => {
                setAlias(e.target.value);
                setError(null);
              }}
              placeholder="my_swe_subset"
              className={inputClass(error?.field === "alias")}
              aria-invalid={error?.field === "alias" ? true : undefined}
              data-testid="alias-input"
            />
          </Field>
          <Field id="alias-target" label="Means" error={error?.field === "target" ? error.message : undefined}>
            <TargetSelect
              id="alias-target"
              value={target}
              onChange={(v) => {
                setTarget(v);
                setError(null);
              }}
              skills={settings.skills}
              benchmarks={settings.benchmarks}
              invalid={error?.field === "target"}
              testId="alias-target"
            />
          </Field>
          <button
            type="submit"
            disabled={set.isPending}
            className="inline-flex h-9 items-center justify-center rounded-md bg-indigo-600 px-4 text-sm font-medium text-white shadow-sm hover:bg-indigo-500 disabled:opacity-50 sm:mt-6"
            data-testid="add-alias"
          >
            {set.isPending ? "Saving…" : "Add alias"}
          </button>
        </form>
      )}
      <details className="text-sm" data-testid="built-in-aliases">
        <summary className="cursor-pointer text-slate-600 hover:text-slate-900">Built-in aliases ({builtIn.length} apply to this project)</summary>
        <ul className="mt-2 grid gap-x-6 gap-y-1 sm:grid-cols-2 lg:grid-cols-3">
          {builtIn.map((a) => (
            <li key={a.alias} className={a.overridden ? "text-slate-400 line-through" : "text-slate-700"} title={a.overridden ? "Replaced by this project's alias of the same name" : undefined}>
              <span className="font-mono text-[12px]">{a.alias}</span> → {a.target}
            </li>
          ))}
        </ul>
      </details>
    </SettingsCard>
  );
}
