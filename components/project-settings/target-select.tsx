import { inputClass } from "@/components/launch/field";

/** Picks one of the project's skills or benchmarks (and, for rules, `{name}`: whatever the pattern's name resolves to). */
export function TargetSelect({
  id,
  value,
  onChange,
  skills,
  benchmarks,
  allowName = false,
  invalid = false,
  testId,
}: {
  id: string;
  value: string;
  onChange: (v: string) => void;
  skills: string[];
  benchmarks: string[];
  allowName?: boolean;
  invalid?: boolean;
  testId: string;
}) {
  return (
    <select id={id} value={value} onChange={(e) => onChange(e.target.value)} className={inputClass(invalid)} data-testid={testId}>
      <option value="">Choose…</option>
      {allowName && <option value="{name}">{"{name}"} — the skill or benchmark the name resolves to</option>}
      {skills.length > 0 && (
        <optgroup label="Skills">
          {skills.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </optgroup>
      )}
      {benchmarks.length > 0 && (
        <optgroup label="Benchmarks">
          {benchmarks.map((b) => (
            <option key={b} value={b}>
              {b}
            </option>
          ))}
        </optgroup>
      )}
    </select>
  );
}
