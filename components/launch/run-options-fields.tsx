"use client";

import type { RunOptions } from "./launch-form-model";
import { PoolChoices } from "@/components/pools/pool-choices";
import { Field, inputClass } from "./field";

/** Run name, group, tags, seed count, pool and project. */
export function RunOptionsFields({
  options,
  onChange,
  errors,
  recipeName,
  hasSeedParam,
  projects,
  pools,
  disabled,
}: {
  options: RunOptions;
  onChange: <K extends keyof RunOptions>(key: K, value: RunOptions[K]) => void;
  errors: Record<string, string>;
  recipeName: string;
  hasSeedParam: boolean;
  projects: string[];
  pools: string[];
  disabled?: boolean;
}) {
  const text = (key: "name" | "group" | "tags" | "seeds" | "pool", props: { placeholder?: string; mono?: boolean; list?: string } = {}) => (
    <input
      id={`option-${key}`}
      type="text"
      autoComplete="off"
      spellCheck={false}
      value={options[key]}
      disabled={disabled}
      placeholder={props.placeholder}
      list={props.list}
      aria-invalid={errors[`option:${key}`] ? true : undefined}
      onChange={(e) => onChange(key, e.target.value)}
      className={`${inputClass(!!errors[`option:${key}`])} ${props.mono ? "font-mono" : ""}`}
    />
  );
  return (
    <div className="grid gap-x-5 gap-y-4 sm:grid-cols-2">
      <Field id="option-name" label="Run name" hint="Ablation sets name their runs joint, only-<skill>." error={errors["option:name"]}>
        {text("name", { placeholder: recipeName })}
      </Field>
      <Field id="option-group" label="Group" hint="Runs launched together; blank makes one for several runs." error={errors["option:group"]}>
        {text("group", { placeholder: "none" })}
      </Field>
      <Field id="option-tags" label="Tags" hint="Comma or space separated." error={errors["option:tags"]}>
        {text("tags", { placeholder: "baseline, sweep-3" })}
      </Field>
      <Field
        id="option-seeds"
        label="Seeds"
        hint={hasSeedParam ? "Runs per configuration, seeds 1…N (overrides the seed param)." : "This recipe has no int seed param to vary."}
        error={errors["option:seeds"]}
      >
        <input
          id="option-seeds"
          type="text"
          inputMode="numeric"
          value={options.seeds}
          disabled={disabled || !hasSeedParam}
          placeholder="1"
          aria-invalid={errors["option:seeds"] ? true : undefined}
          onChange={(e) => onChange("seeds", e.target.value)}
          className={`${inputClass(!!errors["option:seeds"])} font-mono`}
        />
      </Field>
      <Field id="option-pool" label="Pool" hint="Where the run executes; workers lease jobs of their pool." error={errors["option:pool"]}>
        {text("pool", { mono: true, list: "known-pools" })}
        <datalist id="known-pools">
          {pools.map((p) => (
            <option key={p} value={p} />
          ))}
        </datalist>
        <PoolChoices recipe={recipeName} value={options.pool} onPick={(p) => onChange("pool", p)} disabled={disabled} />
      </Field>
      <Field id="option-project" label="Project" hint="Decides the skills to choose from." error={errors["option:project"]}>
        <select id="option-project" value={options.project} disabled={disabled} onChange={(e) => onChange("project", e.target.value)} className={inputClass(false)}>
          {projects.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      </Field>
    </div>
  );
}
