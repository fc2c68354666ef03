"use client";

import type { SkillsValue } from "./launch-form-model";

/** A checkbox per project skill with its mixture weight, and each selected skill's share of a step's tasks. */
export function SkillsField({ id, value, onChange, disabled }: { id: string; value: SkillsValue; onChange: (v: SkillsValue) => void; disabled?: boolean }) {
  const entries = Object.entries(value);
  const total = entries.reduce((n, [, s]) => n + (s.on && Number(s.weight) > 0 ? Number(s.weight) : 0), 0);
  const setAll = (on: boolean) => onChange(Object.fromEntries(entries.map(([k, s]) => [k, { ...s, on }])));
  return (
    <div id={id} className="rounded-lg border border-slate-200" role="group" aria-label="Skills and mixture weights">
      <div className="flex items-center justify-between border-b border-slate-100 px-3 py-1.5 text-xs text-slate-500">
        <span>Skill · weight · share of each step</span>
        <span className="flex gap-2">
          <button type="button" disabled={disabled} onClick={() => setAll(true)} className="hover:text-indigo-700">
            All
          </button>
          <button type="button" disabled={disabled} onClick={() => setAll(false)} className="hover:text-indigo-700">
            None
          </button>
        </span>
      </div>
      <ul className="divide-y divide-slate-100">
        {entries.map(([skill, s]) => {
          const w = Number(s.weight);
          const share = s.on && total > 0 && w > 0 ? w / total : 0;
          return (
            <li key={skill} className="grid grid-cols-[minmax(0,1fr)_6rem_minmax(0,8rem)] items-center gap-3 px-3 py-1.5" data-testid={`skill-${skill}`}>
              <label className="flex min-w-0 cursor-pointer items-center gap-2 text-sm text-slate-800">
                <input
                  type="checkbox"
                  checked={s.on}
                  disabled={disabled}
                  onChange={(e) => onChange({ ...value, [skill]: { ...s, on: e.target.checked } })}
                  className="h-4 w-4 rounded border-slate-300 accent-indigo-600"
                  data-testid={`skill-${skill}-on`}
                />
                <span className="truncate font-mono text-[13px]">{skill}</span>
              </label>
              <input
                type="text"
                inputMode="decimal"
                aria-label={`${skill} weight`}
                value={s.weight}
                disabled={disabled || !s.on}
                onChange={(e) => onChange({ ...value, [skill]: { ...s, weight: e.target.value } })}
                className="h-7 w-full rounded-md border border-slate-300 px-2 text-right font-mono text-sm tabular-nums shadow-sm outline-none focus:border-indigo-500 focus:ring-2 focus:ring-indigo-500/20 disabled:bg-slate-50 disabled:text-slate-300"
                data-testid={`skill-${skill}-weight`}
              />
              <span className="flex items-center gap-2">
                <span className="h-1.5 flex-1 overflow-hidden rounded-full bg-slate-100">
                  <span className="block h-full rounded-full bg-indigo-500" style={{ width: `${share * 100}%` }} />
                </span>
                <span className="w-9 text-right font-mono text-xs tabular-nums text-slate-500">{s.on ? `${Math.round(share * 100)}%` : "—"}</span>
              </span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
