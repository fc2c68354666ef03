"use client";

import type { RecipeParam } from "@/server/recipes/schema";
import type { RawValue, SkillsValue } from "./launch-form-model";
import { Field, inputClass } from "./field";
import { SkillsField } from "./skills-field";

const rangeHint = (p: { min?: number; max?: number }) =>
  p.min !== undefined && p.max !== undefined ? `${p.min} – ${p.max}` : p.min !== undefined ? `≥ ${p.min}` : p.max !== undefined ? `≤ ${p.max}` : null;

function hintOf(p: RecipeParam): string | undefined {
  const parts: string[] = [];
  if (p.description) parts.push(p.description);
  if (p.type === "int" || p.type === "float") {
    const r = rangeHint(p);
    if (r) parts.push(`${p.type === "int" ? "Integer" : "Number"} ${r}.`);
    if (p.default !== undefined) parts.push(`Default ${p.default}.`);
  }
  if (p.type === "string" && p.pattern) parts.push(`Must match ${p.pattern}.`);
  return parts.join(" ") || undefined;
}

/** One recipe parameter as a form control, by its type. */
export function ParamField({
  name,
  param,
  value,
  error,
  onChange,
  disabled,
}: {
  name: string;
  param: RecipeParam;
  value: RawValue;
  error?: string;
  onChange: (value: RawValue) => void;
  disabled?: boolean;
}) {
  const id = `param-${name}`;
  const label = param.label ?? name;
  const common = { id, "aria-invalid": error ? true : undefined, "aria-describedby": error ? `${id}-error` : undefined, disabled };

  if (param.type === "skills") {
    return (
      <Field id={id} label={label} name={name} hint={param.description} error={error} wide>
        <SkillsField id={id} value={value as SkillsValue} onChange={onChange} disabled={disabled} />
      </Field>
    );
  }
  if (param.type === "bool") {
    return (
      <Field id={id} label={label} name={name} hint={param.description} error={error}>
        <label className="inline-flex h-9 cursor-pointer items-center gap-2 text-sm text-slate-700">
          <input {...common} type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} className="h-4 w-4 rounded border-slate-300 accent-indigo-600" />
          {value === true ? "on" : "off"}
        </label>
      </Field>
    );
  }
  if (param.type === "enum") {
    return (
      <Field id={id} label={label} name={name} hint={param.description} error={error}>
        <select {...common} value={String(value)} onChange={(e) => onChange(e.target.value)} className={inputClass(!!error)}>
          {param.values.map((v) => (
            <option key={v} value={v}>
              {v}
            </option>
          ))}
        </select>
      </Field>
    );
  }
  const numeric = param.type === "int" || param.type === "float";
  return (
    <Field id={id} label={label} name={name} hint={hintOf(param)} error={error}>
      <input
        {...common}
        type="text"
        inputMode={param.type === "int" ? "numeric" : numeric ? "decimal" : "text"}
        spellCheck={false}
        autoComplete="off"
        value={String(value)}
        placeholder={param.default !== undefined ? `default ${param.default}` : numeric ? "required" : ""}
        onChange={(e) => onChange(e.target.value)}
        className={`${inputClass(!!error)} ${numeric ? "font-mono tabular-nums" : ""}`}
      />
    </Field>
  );
}
